package io.shiplog.auditor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.applier.support.AppliesLog;
import io.shiplog.applier.support.ClusterConfig;
import io.shiplog.applier.support.ConfigRepo;
import io.shiplog.applier.support.Manifests;
import io.shiplog.applier.support.RunningApplier;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.events.AuditCompleted;
import io.shiplog.events.DriftDetected;
import io.shiplog.events.DriftKind;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.schemas.kafka.LogReader;
import io.shiplog.schemas.testing.TestKafka;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Two auditor instances in one group share the clusters: each cluster is audited by one of them at a time. */
class TwoAuditorsIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String IMAGE = "registry.example/shop/web:1.0.0";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void eachEditIsReportedOnceByTheInstanceAuditingItsClusterAndOnceOnlyAfterAHandOver() throws Exception {
        KubeCluster kube = KubeCluster.shared();
        Pair pair = Pair.of("audit-pair", kube, Map.of());
        List<String> clusters = pair.clusters();
        ConfigRepo repo = pair.repo();
        Map<String, String> files = pair.files();
        try (AppliesLog applies = new AppliesLog();
             DriftLog drift = new DriftLog();
             RunningApplier applier = pair.applier(kube);
             RunningAuditor one = pair.auditor();
             RunningAuditor two = pair.auditor()) {
            String sha = repo.push(files);
            clusters.forEach(name -> applies.awaitCompleted(name, sha, ApplyTrigger.COMMIT));
            await("the clusters split between the instances").atMost(WAIT).until(() -> {
                Set<String> all = new HashSet<>(one.audited());
                all.addAll(two.audited());
                return all.containsAll(clusters) && one.audited().size() + two.audited().size() == clusters.size()
                        && !one.audited().isEmpty() && !two.audited().isEmpty();
            });
            clusters.forEach(name -> drift.awaitAudit(name, a -> sha.equals(a.getCommitSha())));

            clusters.forEach(name -> LiveEdits.setWebImage(kube, name, "registry.example/shop/web:hotfix"));
            clusters.forEach(name -> drift.awaitDetected(name, "web", d -> d.getKind() == DriftKind.MODIFIED));

            Set<String> handedOver = Set.copyOf(one.audited());
            Map<String, Integer> auditsBefore = new HashMap<>();
            handedOver.forEach(name -> auditsBefore.put(name, drift.all(AuditCompleted.class, a -> a.getCluster().equals(name)).size()));
            one.close();
            await("every cluster on the remaining instance").atMost(WAIT)
                    .until(() -> two.audited().containsAll(clusters));
            handedOver.forEach(name -> drift.awaitNextAudit(name, auditsBefore.get(name)));

            for (String name : clusters) {
                List<DriftDetected> detected = drift.detected(name, "web");
                assertThat(detected).as("drift reports of " + name).hasSize(1);
                assertThat(drift.resyncs(name)).as("report mode asks for no resync").isEmpty();
            }
        }
    }

    @Test
    void inCorrectModeEachEditIsCorrectedWithOneResyncNotOnePerInstance() throws Exception {
        KubeCluster kube = KubeCluster.shared();
        Pair pair = Pair.of("fix-pair", kube, Map.of("mode", "correct"));
        List<String> clusters = pair.clusters();
        ConfigRepo repo = pair.repo();
        Map<String, String> files = pair.files();
        try (AppliesLog applies = new AppliesLog();
             DriftLog drift = new DriftLog();
             RunningApplier applier = pair.applier(kube);
             RunningAuditor one = pair.auditor();
             RunningAuditor two = pair.auditor()) {
            String sha = repo.push(files);
            clusters.forEach(name -> applies.awaitCompleted(name, sha, ApplyTrigger.COMMIT));
            clusters.forEach(name -> drift.awaitAudit(name, a -> sha.equals(a.getCommitSha())));

            clusters.forEach(name -> LiveEdits.setWebImage(kube, name, "registry.example/shop/web:hotfix"));
            clusters.forEach(name -> applies.awaitCompleted(name, sha, ApplyTrigger.COMMAND));
            clusters.forEach(name -> drift.awaitResolved(name, "web"));
            // longer than the correction cooldown: a second instance's correction would have come by now
            Thread.sleep(12_000);

            for (String name : clusters) {
                assertThat(drift.resyncs(name)).as("resyncs asked for " + name).hasSize(1);
                assertThat(drift.detected(name, "web")).as("drift reports of " + name).hasSize(1);
            }
        }
    }

    /** One cluster per partition of {@code shiplog.applies}, their manifests in one repository, their settings. */
    private record Pair(List<String> clusters, ConfigRepo repo, Map<String, String> files,
                        List<Map<String, String>> audited, String group) {

        static Pair of(String prefix, KubeCluster kube, Map<String, String> more) {
            List<String> clusters = onePerPartition().stream().map(n -> n.replace("audit-pair-", prefix + "-"))
                    .toList();
            ConfigRepo repo = ConfigRepo.create(GitServer.shared(), prefix, TestKafka.events());
            Map<String, String> files = new HashMap<>();
            clusters.forEach(name -> {
                files.put("clusters/" + name + "/ns.yaml", Manifests.namespace(name));
                files.put("clusters/" + name + "/web.yaml", Manifests.deployment(name, "web", IMAGE));
            });
            List<Map<String, String>> audited = clusters.stream().map(name -> {
                Map<String, String> settings = new LinkedHashMap<>();
                settings.put("name", name);
                settings.put("repository", "pair");
                settings.put("paths", "clusters/" + name);
                settings.put("kubeconfig", kube.kubeconfigPath().toString());
                settings.putAll(more);
                return settings;
            }).toList();
            return new Pair(clusters, repo, files, audited, "auditor-" + prefix + "-" + SUFFIX);
        }

        /** The applier applying every cluster of the pair. */
        RunningApplier applier(KubeCluster kube) {
            return RunningApplier.start(Map.of("pair", repo.url()), clusters.stream()
                    .map(name -> ClusterConfig.of(name, "pair", kube.kubeconfigPath(), "clusters/" + name)).toList());
        }

        /** One more auditor instance in the pair's group. */
        RunningAuditor auditor() {
            return RunningAuditor.start(Map.of("pair", repo.url()), audited, "--shiplog.drift.replicas.group=" + group);
        }
    }

    private static List<String> onePerPartition() {
        Map<Integer, String> byPartition = new HashMap<>();
        int partitions = TopicCatalogue.APPLIES.partitions();
        for (int i = 0; byPartition.size() < partitions; i++) {
            String name = "audit-pair-" + i + "-" + SUFFIX;
            byPartition.putIfAbsent(LogReader.partitionOf(name, partitions), name);
        }
        return List.copyOf(byPartition.values());
    }
}
