package io.shiplog.auditor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.applier.support.AppliesLog;
import io.shiplog.applier.support.ClusterConfig;
import io.shiplog.applier.support.ConfigRepo;
import io.shiplog.applier.support.Manifests;
import io.shiplog.applier.support.RunningApplier;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.events.AuditCompleted;
import io.shiplog.events.DriftDetected;
import io.shiplog.events.DriftResolved;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.kube.ServerSideApplier;
import io.shiplog.schemas.testing.TestKafka;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A restarted auditor knows the open drifts from {@code shiplog.drift}: nothing reported twice, nothing forgotten. */
class DriftRestartIT {

    private final String name = "drift-restart-" + UUID.randomUUID().toString().substring(0, 6);
    private final KubeCluster kube = KubeCluster.shared();

    @Test
    void aRestartedAuditorNeitherReportsAKnownDriftAgainNorForgetsToResolveIt() {
        ConfigRepo repo = ConfigRepo.create(GitServer.shared(), "drift-restart", TestKafka.events());
        Map<String, String> urls = Map.of("config", repo.url());
        List<Map<String, String>> clusters = List.of(Map.of("name", name, "repository", "config", "paths", "apps",
                "kubeconfig", kube.kubeconfigPath().toString()));
        try (AppliesLog applies = new AppliesLog(); DriftLog drift = new DriftLog();
             RunningApplier applier = RunningApplier.start(urls,
                     List.of(ClusterConfig.of(name, "config", kube.kubeconfigPath(), "apps")))) {
            String sha = repo.push(Map.of("apps/ns.yaml", Manifests.namespace(name),
                    "apps/settings.yaml", Manifests.configMap(name, "settings", "git")));
            applies.awaitCompleted(name, sha, ApplyTrigger.COMMIT);
            DriftDetected detected;
            int audits;
            try (RunningAuditor auditor = RunningAuditor.start(urls, clusters)) {
                drift.awaitAudit(name, a -> sha.equals(a.getCommitSha()));
                edit("by-hand");
                detected = drift.awaitDetected(name, "settings", d -> true);
                audits = drift.all(AuditCompleted.class, a -> a.getCluster().equals(name)).size();
            }

            try (RunningAuditor restarted = RunningAuditor.start(urls, clusters)) {
                var audit = drift.awaitNextAudit(name, audits);
                assertThat(audit.getModified()).as("the drift is still there").isEqualTo(1);
                assertThat(drift.detected(name, "settings")).as("and was reported once").hasSize(1);

                edit("git");
                DriftResolved resolved = drift.awaitResolved(name, "settings");
                assertThat(resolved.getDetectedEventId()).isEqualTo(drift.eventId(detected));
            }
        }
    }

    private void edit(String value) {
        new ServerSideApplier(kube.apiClient(), "kubectl-edit").apply(Manifests.configMap(name, "settings", value));
    }
}
