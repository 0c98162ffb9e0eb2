package io.shiplog.applier;

import static io.shiplog.applier.ApplyFlowIT.actions;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.shiplog.applier.support.AppliesLog;
import io.shiplog.applier.support.ClusterConfig;
import io.shiplog.applier.support.ConfigRepo;
import io.shiplog.applier.support.Manifests;
import io.shiplog.applier.support.RunningApplier;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyFailed;
import io.shiplog.events.ApplyFailureReason;
import io.shiplog.events.ApplyStarted;
import io.shiplog.events.ApplyStatus;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ReplayCluster;
import io.shiplog.events.ResyncCluster;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.schemas.testing.TestKafka;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Disaster recovery: a cluster's API server is lost and the applier is pointed at a fresh, empty one under the same
 * name; the applier applies the newest commit to it (its inventory is empty), and {@code ReplayCluster} brings it to
 * what the log says the cluster had at any time.
 */
class ReplayClusterIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String CLUSTER = "replay-" + SUFFIX;
    private static final String NS = "replay-" + SUFFIX;
    private static final List<String[]> OBJECTS = List.of(
            new String[] {"v1", "Namespace", null, NS},
            new String[] {"v1", "ConfigMap", NS, "settings"},
            new String[] {"apps/v1", "Deployment", NS, "web"},
            new String[] {"v1", "Service", NS, "web"});

    private static KubeCluster original;
    private static KubeCluster fresh;
    private static AppliesLog log;
    private static RunningApplier applier;
    private static ConfigRepo repo;
    private static String first;
    private static String second;
    private static Instant betweenCommits;
    /** The applies of the lost cluster. */
    private static int appliedBefore;

    @BeforeAll
    static void applyTwoCommitsThenLoseTheCluster() {
        original = KubeCluster.shared();
        log = new AppliesLog();
        repo = ConfigRepo.create(GitServer.shared(), "replay", TestKafka.events());
        try (RunningApplier before = RunningApplier.start(Map.of("config", repo.url()),
                List.of(ClusterConfig.of(CLUSTER, "config", original.kubeconfigPath(), "apps")))) {
            first = repo.push(Manifests.webApp(NS, "one", "registry.local/web:1.0.0"));
            log.awaitCompleted(CLUSTER, first, ApplyTrigger.COMMIT);
            betweenCommits = Instant.now();
            second = repo.push(Map.of(
                    "apps/config.yaml", Manifests.configMap(NS, "settings", "two"),
                    "apps/web.yaml", Manifests.deployment(NS, "web", "registry.local/web:2.0.0")));
            log.awaitCompleted(CLUSTER, second, ApplyTrigger.COMMIT);
        }
        appliedBefore = log.completed(CLUSTER).size();
        fresh = KubeCluster.start("replay-fresh");
        applier = RunningApplier.start(Map.of("config", repo.url()),
                List.of(ClusterConfig.of(CLUSTER, "config", fresh.kubeconfigPath(), "apps")));
    }

    @AfterAll
    static void stop() {
        if (applier != null) {
            applier.close();
        }
        if (fresh != null) {
            fresh.close();
        }
        log.close();
    }

    @Test
    void replayedFreshClusterEndsWithTheObjectsOfTheLostOneAndNoDiff() {
        // the fresh cluster's inventory is empty: the applier applies the newest commit to it as soon as it starts
        ApplyCompleted rebuilt = log.awaitNextCompleted(CLUSTER, appliedBefore);
        assertThat(rebuilt.getTrigger()).isEqualTo(ApplyTrigger.COMMIT);
        assertThat(rebuilt.getCommitSha()).isEqualTo(second);
        assertThat(actions(rebuilt).values()).containsOnly(ObjectAction.CREATED).hasSize(4);
        replay(null, null);
        ApplyCompleted replayed = log.awaitCompleted(CLUSTER, second, ApplyTrigger.REPLAY);

        assertThat(replayed.getStatus()).isEqualTo(ApplyStatus.SUCCEEDED);
        assertThat(actions(replayed).values()).containsOnly(ObjectAction.UNCHANGED).hasSize(4);
        for (String[] o : OBJECTS) {
            assertThat(comparable(fresh, o)).as(o[1] + " " + o[3]).isEqualTo(comparable(original, o));
        }
        int seen = log.completed(CLUSTER).size();
        send(CLUSTER, ResyncCluster.newBuilder().setCluster(CLUSTER).setRequestedBy("test").build());
        ApplyCompleted resync = log.awaitNextCompleted(CLUSTER, seen);
        assertThat(resync.getTrigger()).isEqualTo(ApplyTrigger.COMMAND);
        assertThat(actions(resync).values()).containsOnly(ObjectAction.UNCHANGED);

        replay(betweenCommits, null);
        ApplyCompleted earlier = log.awaitCompleted(CLUSTER, first, ApplyTrigger.REPLAY);
        assertThat(earlier.getStatus()).isEqualTo(ApplyStatus.SUCCEEDED);
        assertThat(live(fresh, OBJECTS.get(1)).getAsJsonObject("data").get("value").getAsString()).isEqualTo("one");
        assertThat(live(fresh, OBJECTS.get(2)).toString()).contains("registry.local/web:1.0.0");
    }

    @Test
    void replayAtATimeBeforeAnyApplyFailsWithAClearReason() {
        replay(Instant.parse("2001-01-01T00:00:00Z"), null);
        ApplyFailed failed = log.awaitFailed(CLUSTER, "no apply then", f -> f.getMessage().startsWith("no successful"));
        assertThat(failed.getTrigger()).isEqualTo(ApplyTrigger.REPLAY);
        assertThat(failed.getReason()).isEqualTo(ApplyFailureReason.LOAD_FAILED);
        assertThat(failed.getMessage()).isEqualTo("no successful apply of cluster " + CLUSTER
                + " at or before 2001-01-01T00:00:00Z in the log");
    }

    @Test
    void aReplayToACommitOfAnotherBranchOrRepositoryIsRefusedNamingItAndAppliesNothing() {
        String otherBranch = repo.pushToBranch("feature-" + SUFFIX, Map.of("apps/extra.yaml",
                Manifests.configMap(NS, "from-feature", "f")));
        ConfigRepo other = ConfigRepo.create(GitServer.shared(), "replay-foreign", TestKafka.events());
        String foreign = other.commit(Map.of("apps/extra.yaml", Manifests.configMap(NS, "from-foreign", "f")),
                List.of(), "foreign");

        for (String sha : List.of(otherBranch, foreign)) {
            replay(null, sha);
            ApplyFailed failed = log.awaitFailed(CLUSTER, sha, f -> sha.equals(f.getCommitSha()));
            assertThat(failed.getTrigger()).isEqualTo(ApplyTrigger.REPLAY);
            assertThat(failed.getReason()).isEqualTo(ApplyFailureReason.REFUSED);
            assertThat(failed.getNextRetryAt()).isNull();
            assertThat(failed.getMessage()).isEqualTo("replay refused, nothing applied: commit " + sha
                    + " is not on the history of branch main of config (" + repo.url() + ")");
        }
        assertThat(log.started(CLUSTER)).extracting(ApplyStarted::getCommitSha).doesNotContain(otherBranch, foreign);
        assertThat(fresh.applier().get("v1", "ConfigMap", NS, "from-feature")).isEmpty();
        assertThat(fresh.applier().get("v1", "ConfigMap", NS, "from-foreign")).isEmpty();
        assertThat(log.failed(CLUSTER)).filteredOn(f -> otherBranch.equals(f.getCommitSha())).hasSize(1);
    }

    private static void replay(Instant at, String commit) {
        send(CLUSTER, ReplayCluster.newBuilder().setCluster(CLUSTER).setAtTime(at).setCommitSha(commit)
                .setRequestedBy("test").build());
    }

    private static void send(String key, SpecificRecord payload) {
        TestKafka.publish(key, payload);
    }

    private static JsonObject live(KubeCluster cluster, String[] o) {
        return cluster.applier().get(o[0], o[1], o[2], o[3]).orElseThrow(() -> new AssertionError(o[1] + " "
                + o[3] + " missing in " + cluster.name())).getRaw();
    }

    /** The object without what each API server sets on its own: identity, versions, times, status, cluster IPs. */
    private static String comparable(KubeCluster cluster, String[] o) {
        JsonObject object = live(cluster, o).deepCopy();
        object.remove("status");
        JsonObject metadata = object.getAsJsonObject("metadata");
        for (String field : List.of("uid", "resourceVersion", "creationTimestamp", "managedFields", "generation")) {
            metadata.remove(field);
        }
        JsonElement spec = object.get("spec");
        if (spec != null && spec.isJsonObject()) {
            for (String field : List.of("clusterIP", "clusterIPs")) {
                spec.getAsJsonObject().remove(field);
            }
        }
        return object.toString();
    }
}
