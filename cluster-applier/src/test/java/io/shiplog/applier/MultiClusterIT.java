package io.shiplog.applier;

import static io.shiplog.applier.ApplyFlowIT.actions;
import static io.shiplog.applier.ApplyFlowIT.live;
import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.applier.support.AppliesLog;
import io.shiplog.applier.support.ClusterConfig;
import io.shiplog.applier.support.ConfigRepo;
import io.shiplog.applier.support.Kubeconfigs;
import io.shiplog.applier.support.Manifests;
import io.shiplog.applier.support.RunningApplier;
import io.shiplog.local.net.TcpProxy;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyFailureReason;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.events.ObjectAction;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.kube.KubeClusters;
import io.shiplog.schemas.testing.TestKafka;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Three real clusters served by one applier: each gets its own paths, and a stopped one holds back nobody. */
class MultiClusterIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final List<String> NAMES = List.of("alpha", "beta", "gamma");
    private static KubeClusters trio;
    private static AppliesLog log;
    private static RunningApplier applier;
    private static TcpProxy gammaProxy;
    private static ConfigRepo pathsRepo;
    private static ConfigRepo stopRepo;

    @BeforeAll
    static void startApplier() throws Exception {
        trio = KubeClusters.shared();
        log = new AppliesLog();
        pathsRepo = ConfigRepo.create(GitServer.shared(), "multi-paths", TestKafka.events());
        stopRepo = ConfigRepo.create(GitServer.shared(), "multi-stop", TestKafka.events());
        KubeCluster gamma = trio.named("gamma");
        gammaProxy = new TcpProxy(gamma.serverUrl().getPort());
        List<ClusterConfig> clusters = new java.util.ArrayList<>();
        for (String name : NAMES) {
            clusters.add(ClusterConfig.of(cluster("paths", name), "paths", trio.named(name).kubeconfigPath(),
                    "base", "clusters/" + name));
            clusters.add(ClusterConfig.of(cluster("stop", name), "stop", name.equals("gamma")
                    ? Kubeconfigs.withPort(gamma, gammaProxy.port()) : trio.named(name).kubeconfigPath(), "apps"));
        }
        applier = RunningApplier.start(Map.of("paths", pathsRepo.url(), "stop", stopRepo.url()), clusters);
    }

    @AfterAll
    static void stopApplier() {
        applier.close();
        log.close();
        gammaProxy.close();
    }

    /** Waits until alpha and beta of the stop test applied {@code sha}. */
    private static void awaitOthers(String sha) {
        for (String name : List.of("alpha", "beta")) {
            log.awaitCompleted(cluster("stop", name), sha, ApplyTrigger.COMMIT);
        }
    }

    private static String cluster(String test, String name) {
        return test + "-" + name + "-" + SUFFIX;
    }

    @Test
    void threeClustersWithDifferentPathsEachGetExactlyTheirObjects() {
        String ns = "paths-" + SUFFIX;
        String sha = pathsRepo.push(Map.of(
                "base/namespace.yaml", Manifests.namespace(ns),
                "base/shared.yaml", Manifests.configMap(ns, "shared", "everywhere"),
                "clusters/alpha/only.yaml", Manifests.configMap(ns, "only-alpha", "a"),
                "clusters/beta/only.yaml", Manifests.configMap(ns, "only-beta", "b"),
                "clusters/gamma/only.yaml", Manifests.configMap(ns, "only-gamma", "g"),
                "clusters/delta/only.yaml", Manifests.configMap(ns, "only-delta", "d")));

        for (String name : NAMES) {
            ApplyCompleted completed = log.awaitCompleted(cluster("paths", name), sha, ApplyTrigger.COMMIT);
            assertThat(actions(completed)).containsOnlyKeys("Namespace " + ns, "ConfigMap " + ns + "/shared",
                    "ConfigMap " + ns + "/only-" + name);
            KubeCluster kube = trio.named(name);
            assertThat(live(kube, "v1", "ConfigMap", ns, "shared")).isPresent();
            for (String other : List.of("alpha", "beta", "gamma", "delta")) {
                assertThat(live(kube, "v1", "ConfigMap", ns, "only-" + other).isPresent())
                        .as("only-" + other + " in " + name).isEqualTo(other.equals(name));
            }
        }
    }

    @Test
    void aStoppedClusterAppliesOnlyTheNewestCommitOnReturnWhileTheOthersKeepUp() {
        String ns = "stop-" + SUFFIX;
        String c0 = stopRepo.push(Map.of(
                "apps/namespace.yaml", Manifests.namespace(ns),
                "apps/config.yaml", Manifests.configMap(ns, "release", "0")));
        for (String name : NAMES) {
            log.awaitCompleted(cluster("stop", name), c0, ApplyTrigger.COMMIT);
        }

        gammaProxy.block();
        String c1 = stopRepo.push(Map.of("apps/config.yaml", Manifests.configMap(ns, "release", "1")));
        log.awaitFailed(cluster("stop", "gamma"));
        // each commit once the others applied the one before: a commit arriving during an apply is folded into the
        // next one (skipped), which is not what this test is about
        awaitOthers(c1);
        String c2 = stopRepo.push(Map.of("apps/config.yaml", Manifests.configMap(ns, "release", "2")));
        awaitOthers(c2);
        String c3 = stopRepo.push(Map.of("apps/config.yaml", Manifests.configMap(ns, "release", "3")));
        awaitOthers(c3);
        assertThat(log.completed(cluster("stop", "gamma"))).extracting(ApplyCompleted::getCommitSha)
                .containsOnly(c0);
        assertThat(log.failed(cluster("stop", "gamma"))).allSatisfy(failed ->
                assertThat(failed.getReason()).isEqualTo(ApplyFailureReason.CLUSTER_UNREACHABLE));

        gammaProxy.unblock();
        ApplyCompleted caughtUp = log.awaitCompleted(cluster("stop", "gamma"), c3, ApplyTrigger.COMMIT);

        assertThat(caughtUp.getSkippedCommits()).containsExactly(c1, c2);
        assertThat(actions(caughtUp)).containsEntry("ConfigMap " + ns + "/release", ObjectAction.CONFIGURED);
        assertThat(log.completed(cluster("stop", "gamma"))).extracting(ApplyCompleted::getCommitSha)
                .containsExactly(c0, c3);
        assertThat(live(trio.named("gamma"), "v1", "ConfigMap", ns, "release").orElseThrow().getRaw()
                .getAsJsonObject("data").get("value").getAsString()).isEqualTo("3");
        assertThat(log.started(cluster("stop", "gamma"))).filteredOn(s -> s.getCommitSha().equals(c3))
                .allSatisfy(s -> assertThat(s.getSkippedCommits()).containsExactly(c1, c2));
    }
}
