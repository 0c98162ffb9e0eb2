package io.shiplog.dev.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.applier.cluster.ClusterWorkers;
import io.shiplog.auditor.drift.DriftService;
import io.shiplog.dev.DevEnvironment;
import io.shiplog.dev.DevOptions;
import io.shiplog.dev.demo.DemoInfrastructure;
import io.shiplog.dev.demo.DemoRepository;
import io.shiplog.dev.release.ReleaseTracker;
import io.shiplog.gitwriter.release.RepositoryWorker;
import io.shiplog.gitwriter.release.RepositoryWorkers;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.support.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fleet file is watched by every service: a cluster removed from it is no longer applied or audited, added
 * back it catches up, a new repository and a cluster following it are taken in, and an edit with a problem changes
 * nothing — all without restarting anything.
 */
class FleetReloadIT {

    private static final List<String> CLUSTERS = List.of("reload-a", "reload-b");
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static DevEnvironment env;
    private static DemoInfrastructure demo;
    private static ReleaseTracker tracker;
    private static String original;

    @BeforeAll
    static void start() throws Exception {
        env = DevEnvironment.start(DevOptions.ephemeral().withDemo(new DemoInfrastructure.Options(CLUSTERS, false,
                Map.of())));
        demo = env.demo().orElseThrow();
        tracker = ReleaseTracker.followFromBeginning(env.bootstrapServers(), env.registryUrl());
        original = Files.readString(demo.fleetFile());
        String head = demo.head();
        await("the first commit applied everywhere").atMost(Duration.ofMinutes(2))
                .until(() -> tracker.applies(head, Set.copyOf(CLUSTERS)).size() == CLUSTERS.size());
    }

    @AfterAll
    static void stop() {
        if (tracker != null) {
            tracker.close();
        }
        if (env != null) {
            env.close();
        }
    }

    @Test
    void clustersAndRepositoriesFollowTheFleetFileWithoutARestart() throws Exception {
        replaceFleet(withoutCluster(original, "reload-b"));
        await("reload-b no longer applied nor audited").atMost(WAIT).untilAsserted(() -> {
            assertThat(bean(ClusterWorkers.class, "cluster-applier").names()).containsExactly("reload-a");
            assertThat(bean(DriftService.class, "drift-auditor").clusters()).containsExactly("reload-a");
        });
        String whileAway = demo.commitAsPerson(Map.of("apps/demo/settings.yaml", settings("while-away")),
                "Change the settings while reload-b is out of the fleet");
        await("reload-a applies it").atMost(WAIT).until(() ->
                tracker.applies(whileAway, Set.of("reload-a")).size() == 1);
        assertThat(tracker.applies(whileAway, Set.of("reload-b"))).isEmpty();

        replaceFleet(original.replace("kubeconfig: ", "kubeconfig: /no/such/dir"));
        await("a bad edit changes nothing").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(bean(ClusterWorkers.class, "cluster-applier").names())
                        .containsExactly("reload-a"));

        replaceFleet(original);
        await("reload-b back, caught up with the commit made while it was away").atMost(WAIT).until(() ->
                tracker.applies(whileAway, Set.of("reload-b")).size() == 1);
        await("reload-b audited again").atMost(WAIT).untilAsserted(() -> assertThat(bean(DriftService.class,
                "drift-auditor").clusters()).containsExactlyInAnyOrder(CLUSTERS.toArray(String[]::new)));

        demo.git().createRepository("extra-config");
        Path work = TempDirs.create("extra-config");
        Files.createDirectories(work.resolve("apps"));
        Files.writeString(work.resolve("apps/extra.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                + "  name: extra\n  namespace: default\ndata:\n  from: extra-config\n");
        demo.git().seed("extra-config", work, "The extra repository");
        TempDirs.deleteQuietly(work);
        replaceFleet(withExtraRepositoryAndCluster(original));

        await("git-writer mirrors the new repository").atMost(WAIT).until(() ->
                bean(RepositoryWorkers.class, "git-writer").current().stream().map(RepositoryWorker::name).toList()
                        .contains("extra-config"));
        KubeCluster reloadA = demo.clusters().get(0);
        await("the new cluster of the new repository is applied").atMost(WAIT).until(() ->
                reloadA.applier().get("v1", "ConfigMap", "default", "extra").isPresent());
        assertThat(bean(ClusterWorkers.class, "cluster-applier").names()).contains("reload-extra");
        await("the new cluster audited").atMost(WAIT).untilAsserted(() -> assertThat(bean(DriftService.class,
                "drift-auditor").clusters()).contains("reload-extra"));
    }

    private static <T> T bean(Class<T> type, String service) {
        return env.context(service).orElseThrow().getBean(type);
    }

    private static String settings(String mode) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: demo\ndata:\n  mode: "
                + mode + "\n";
    }

    /** The fleet file without one cluster's entry. */
    private static String withoutCluster(String fleet, String name) {
        int start = fleet.indexOf("  - name: \"" + name + "\"");
        int end = fleet.indexOf("\n  - name: ", start + 1);
        if (end < 0) {
            end = fleet.indexOf("\nwebhooks:", start);
        }
        return fleet.substring(0, start) + fleet.substring(end + 1);
    }

    /** The fleet file with one more repository and a cluster following it on reload-a's API server. */
    private static String withExtraRepositoryAndCluster(String fleet) {
        String kubeconfig = demo.clusters().get(0).kubeconfigPath().toString();
        String repository = fleet.substring(fleet.indexOf("  - name: \"" + DemoRepository.NAME + "\""),
                fleet.indexOf("clusters:"));
        String extra = repository.replace("name: \"" + DemoRepository.NAME + "\"", "name: \"extra-config\"")
                .replace("/" + DemoRepository.NAME + ".git", "/extra-config.git");
        String cluster = "  - name: \"reload-extra\"\n    repository: \"extra-config\"\n    paths: [\"apps\"]\n"
                + "    kubeconfig: \"" + kubeconfig + "\"\n    inventoryId: \"reload-extra\"\n    healthTimeout: 0s\n"
                + "    drift:\n      mode: report\n";
        String withRepository = fleet.replace("clusters:\n", extra + "clusters:\n");
        return withRepository.replace("\nwebhooks:", "\n" + cluster + "webhooks:");
    }

    private static void replaceFleet(String text) throws Exception {
        Path next = demo.fleetFile().resolveSibling("shiplog.yaml.next");
        Files.writeString(next, text);
        Files.move(next, demo.fleetFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
