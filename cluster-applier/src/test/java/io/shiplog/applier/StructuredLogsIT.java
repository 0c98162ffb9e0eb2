package io.shiplog.applier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.shiplog.applier.support.AppliesLog;
import io.shiplog.applier.support.ClusterConfig;
import io.shiplog.applier.support.ConfigRepo;
import io.shiplog.applier.support.Manifests;
import io.shiplog.applier.support.RunningApplier;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.schemas.testing.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spring Boot's structured logging switched on: each line of an apply is JSON naming the cluster, commit, release. */
class StructuredLogsIT {

    @Test
    void withStructuredLogsOnTheApplyLinesCarryTheClusterTheCommitAndTheRelease(@TempDir Path dir) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String cluster = "logs-" + suffix;
        String namespace = "logs-" + suffix;
        ConfigRepo repo = ConfigRepo.create(GitServer.shared(), "logs-" + suffix, TestKafka.events());
        Path logFile = dir.resolve("cluster-applier.json");
        try (AppliesLog log = new AppliesLog();
             RunningApplier ignored = RunningApplier.start(Map.of("logs", repo.url()),
                     List.of(ClusterConfig.of(cluster, "logs", KubeCluster.shared().kubeconfigPath(), "apps")),
                     "--logging.config=classpath:structured-logback-test.xml",
                     "--logging.structured.format.file=logstash", "--logging.file.name=" + logFile)) {
            String sha = repo.push(Map.of("apps/ns.yaml", Manifests.namespace(namespace),
                    "apps/settings.yaml", Manifests.configMap(namespace, "settings", "a")));
            ApplyCompleted completed = log.awaitCompleted(cluster, sha, ApplyTrigger.COMMIT);
            String release = log.events().stream().filter(e -> e.getPayload() == completed).findFirst()
                    .map(ApplyEvent::getMeta).orElseThrow().getCorrelationId();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(lines(logFile))
                    .filteredOn(line -> line.get("message").getAsString().startsWith("cluster " + cluster + " applied "))
                    .singleElement().satisfies(line -> {
                        assertThat(line.get("cluster").getAsString()).isEqualTo(cluster);
                        assertThat(line.get("commit").getAsString()).isEqualTo(sha);
                        assertThat(line.get("correlationId").getAsString()).isEqualTo(release);
                    }));
        }
    }

    private static List<JsonObject> lines(Path file) throws Exception {
        return Files.readAllLines(file).stream().filter(l -> l.startsWith("{"))
                .map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
    }
}
