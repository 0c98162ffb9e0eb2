package io.shiplog.applier;

import static io.shiplog.applier.ApplyFlowIT.live;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.applier.cluster.ClusterWorkers;
import io.shiplog.applier.support.AppliesLog;
import io.shiplog.applier.support.ClusterConfig;
import io.shiplog.applier.support.ConfigRepo;
import io.shiplog.applier.support.Manifests;
import io.shiplog.applier.support.RunningApplier;
import io.shiplog.events.ApplyStarted;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.events.ResyncCluster;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.schemas.kafka.LogReader;
import io.shiplog.schemas.testing.TestKafka;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two applier replicas in one group share the clusters: each cluster is applied by one of them at a time. */
class TwoAppliersIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static KubeCluster kube;
    private static AppliesLog log;
    private static ConfigRepo repo;
    /** One cluster on every partition of {@code shiplog.commands}, so that each replica owns some. */
    private static List<String> clusters;

    @BeforeAll
    static void prepare() {
        kube = KubeCluster.shared();
        log = new AppliesLog();
        repo = ConfigRepo.create(GitServer.shared(), "pair", TestKafka.events());
        clusters = onePerPartition();
    }

    @AfterAll
    static void close() {
        log.close();
    }

    @Test
    void eachClusterIsAppliedByExactlyOneReplicaAndAStoppedReplicaHandsItsClustersToTheOther() throws Exception {
        String c0 = repo.push(manifests("0"));
        List<ClusterConfig> configs = clusters.stream().map(name -> ClusterConfig.of(name, "pair",
                kube.kubeconfigPath(), "clusters/" + name)).toList();
        String group = "applier-pair-" + SUFFIX;
        String[] shared = {"--shiplog.applier.replicas.group=" + group};
        RunningApplier one = RunningApplier.start(Map.of("pair", repo.url()), configs, shared);
        try (RunningApplier two = RunningApplier.start(Map.of("pair", repo.url()), configs, shared)) {
            await("both replicas in the group").atMost(WAIT).until(() -> stableMembers(group) == 2);
            await("the clusters split between the replicas").atMost(WAIT).until(() ->
                    split(one, two) && names(one).size() + names(two).size() == clusters.size());
            assertThat(names(one)).as("clusters of one").isNotEmpty().doesNotContainAnyElementsOf(names(two));
            assertThat(names(two)).as("clusters of two").isNotEmpty();
            clusters.forEach(name -> log.awaitCompleted(name, c0, ApplyTrigger.COMMIT));

            String c1 = repo.push(manifests("1"));
            clusters.forEach(name -> log.awaitCompleted(name, c1, ApplyTrigger.COMMIT));
            String owned = names(two).get(0);
            TestKafka.publish(owned, ResyncCluster.newBuilder().setCluster(owned).setRequestedBy("a test")
                    .setReason(null).build());
            log.awaitCompleted(owned, c1, ApplyTrigger.COMMAND);
            String c2 = repo.push(manifests("2"));
            clusters.forEach(name -> log.awaitCompleted(name, c2, ApplyTrigger.COMMIT));

            for (String name : clusters) {
                for (String sha : List.of(c0, c1, c2)) {
                    assertThat(starts(name, sha, ApplyTrigger.COMMIT)).as(name + " applying " + sha).hasSize(1);
                }
            }
            assertThat(starts(owned, c1, ApplyTrigger.COMMAND)).as("the resync command, run once").hasSize(1);

            List<String> handedOver = names(one);
            one.close();
            await("every cluster on the remaining replica").atMost(WAIT)
                    .until(() -> names(two).size() == clusters.size());
            String c3 = repo.push(manifests("3"));
            clusters.forEach(name -> log.awaitCompleted(name, c3, ApplyTrigger.COMMIT));
            for (String name : clusters) {
                assertThat(starts(name, c3, ApplyTrigger.COMMIT)).as(name + " applying " + c3).hasSize(1);
                assertThat(starts(name, c2, ApplyTrigger.COMMIT)).as(name + " not applying " + c2 + " again")
                        .hasSize(1);
                assertThat(live(kube, "v1", "ConfigMap", name, "release").orElseThrow().getRaw()
                        .getAsJsonObject("data").get("value").getAsString()).as(name).isEqualTo("3");
            }
            assertThat(handedOver).isNotEmpty();
        } finally {
            one.close();
        }
    }

    private static List<String> onePerPartition() {
        Map<Integer, String> byPartition = new HashMap<>();
        for (int i = 0; byPartition.size() < TopicCatalogue.COMMANDS.partitions(); i++) {
            String name = "pair-" + i + "-" + SUFFIX;
            byPartition.putIfAbsent(LogReader.partitionOf(name, TopicCatalogue.COMMANDS.partitions()), name);
        }
        return List.copyOf(byPartition.values());
    }

    private static Map<String, String> manifests(String release) {
        Map<String, String> files = new HashMap<>();
        for (String name : clusters) {
            files.put("clusters/" + name + "/namespace.yaml", Manifests.namespace(name));
            files.put("clusters/" + name + "/release.yaml", Manifests.configMap(name, "release", release));
        }
        return files;
    }

    private static List<ApplyStarted> starts(String cluster, String sha, ApplyTrigger trigger) {
        return log.started(cluster).stream().filter(s -> s.getCommitSha().equals(sha) && s.getTrigger() == trigger)
                .toList();
    }

    private static List<String> names(RunningApplier applier) {
        return applier.context().getBean(ClusterWorkers.class).names();
    }

    private static boolean split(RunningApplier one, RunningApplier two) {
        Set<String> all = new HashSet<>(names(one));
        all.addAll(names(two));
        return all.containsAll(clusters) && !names(one).isEmpty() && !names(two).isEmpty();
    }

    private static int stableMembers(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers()))) {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get();
            return d.groupState() == GroupState.STABLE ? d.members().size() : 0;
        }
    }
}
