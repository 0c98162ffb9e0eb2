package io.shiplog.applier;

import static io.shiplog.applier.ApplyFlowIT.actions;
import static io.shiplog.applier.ApplyFlowIT.live;
import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.applier.support.AppliesLog;
import io.shiplog.applier.support.ClusterConfig;
import io.shiplog.applier.support.ConfigRepo;
import io.shiplog.applier.support.Manifests;
import io.shiplog.applier.support.RunningApplier;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.events.ObjectAction;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.schemas.testing.TestKafka;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A commit whose {@code ApplyCompleted} would be larger than the producer accepts (here 64 KiB, so a few hundred
 * objects with long names make the point) is still reported on the real broker: summarised, with every count and the
 * failed and pruned objects.
 */
class OversizedReportIT {

    private static final int OBJECTS = 400;
    private static final int MAX_REQUEST_SIZE = 64 * 1024;

    @Test
    void aCommitTooLargeToReportInFullIsReportedAsASummaryWithEveryCountAndTheFailures() {
        KubeCluster kube = KubeCluster.shared();
        String ns = "oversized-" + UUID.randomUUID().toString().substring(0, 6);
        ConfigRepo repo = ConfigRepo.create(GitServer.shared(), "oversized", TestKafka.events());
        List<ClusterConfig> clusters = List.of(ClusterConfig.of(ns, "oversized", kube.kubeconfigPath(), "apps"));
        String first = repo.push(Map.of("apps/namespace.yaml", Manifests.namespace(ns),
                "apps/goes.yaml", Manifests.configMap(ns, "goes", "g")));
        try (AppliesLog log = new AppliesLog();
             RunningApplier applier = RunningApplier.start(Map.of("oversized", repo.url()), clusters,
                     "--spring.kafka.producer.properties[max.request.size]=" + MAX_REQUEST_SIZE)) {
            log.awaitCompleted(ns, first, ApplyTrigger.COMMIT);
            Map<String, String> files = new HashMap<>();
            for (int i = 0; i < OBJECTS; i++) {
                String name = "object-with-a-long-name-" + "a".repeat(180) + "-" + i;
                files.put("apps/" + name + ".yaml", Manifests.configMap(ns, name, "v"));
            }
            files.put("apps/refused.yaml", """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: refused
                      namespace: %s
                    data:
                      number: 5
                    """.formatted(ns));
            String big = repo.push(files, List.of("apps/goes.yaml"), "many objects");

            ApplyCompleted completed = log.awaitCompleted(ns, big, ApplyTrigger.COMMIT);

            assertThat(completed.getCounts().getCreated()).isEqualTo(OBJECTS);
            assertThat(completed.getCounts().getUnchanged()).isEqualTo(1);
            assertThat(completed.getCounts().getFailed()).isEqualTo(1);
            assertThat(completed.getCounts().getPruned()).isEqualTo(1);
            assertThat(completed.getOmittedResults()).isPositive();
            assertThat(completed.getResults().size() + completed.getOmittedResults()).isEqualTo(OBJECTS + 3);
            assertThat(actions(completed)).containsEntry("ConfigMap " + ns + "/refused", ObjectAction.FAILED)
                    .containsEntry("ConfigMap " + ns + "/goes", ObjectAction.PRUNED);
            assertThat(live(kube, "v1", "ConfigMap", ns, "goes")).isEmpty();
        }
    }
}
