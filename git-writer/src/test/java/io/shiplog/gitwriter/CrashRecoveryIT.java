package io.shiplog.gitwriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.events.CommitEvent;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.gitwriter.support.ConfigRepo;
import io.shiplog.gitwriter.support.EventsLog;
import io.shiplog.gitwriter.support.Kafka;
import io.shiplog.gitwriter.support.Manifests;
import io.shiplog.gitwriter.support.RunningWriter;
import io.shiplog.schemas.event.EventSink;
import io.shiplog.local.git.GitCommit;
import io.shiplog.local.git.GitServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/** A crash after the push and before {@code ManifestsCommitted} is out: the restart repairs it from the trailers. */
class CrashRecoveryIT {

    /** The service's event sink, except that {@code ManifestsCommitted} never gets out: the process "dies" there. */
    @Configuration(proxyBeanMethods = false)
    static class LosesManifestsCommitted {
        @Bean
        @SuppressWarnings("unchecked")
        EventSink eventSink(KafkaTemplate<?, ?> template) {
            KafkaTemplate<String, Object> events = (KafkaTemplate<String, Object>) template;
            return (topic, key, value) -> {
                if (value instanceof CommitEvent c && c.getPayload() instanceof ManifestsCommitted) {
                    return CompletableFuture.failedFuture(new IllegalStateException("simulated crash"));
                }
                return events.send(topic, key, value).thenApply(SendResult::getRecordMetadata);
            };
        }
    }

    @Test
    void aCrashBetweenPushAndPublishEndsWithExactlyOneCommitAndOneEventAfterTheRestart() throws Exception {
        String image = "registry.test/crash-" + UUID.randomUUID().toString().substring(0, 6) + "/app";
        ConfigRepo repo = ConfigRepo.create("crash", Map.of("apps/app.yaml",
                Manifests.bytes(Manifests.deployment("app", image + ":3.0.0", "semver:^3"))));
        Path mirrors = Files.createTempDirectory("crash-it");
        String group = RunningWriter.newGroup();
        RunningWriter.Repo config = RunningWriter.Repo.of("crash", repo.httpUrl())
                .with("username", GitServer.shared().username()).with("password", GitServer.shared().password());
        String seed = repo.head();
        try (EventsLog log = new EventsLog()) {
            String tagEvent;
            try (RunningWriter crashing = RunningWriter.start(LosesManifestsCommitted.class, List.of(config),
                    mirrors, group)) {
                tagEvent = Kafka.tagDiscovered(image, "3.1.0");
                await("the push").atMost(Duration.ofSeconds(60)).until(() -> !repo.head().equals(seed));
            }
            assertThat(log.commits(repo.httpUrl(), ManifestsCommitted.class)).isEmpty();

            try (RunningWriter restarted = RunningWriter.start(List.of(config), mirrors, group)) {
                ManifestsCommitted repaired = log.awaitCommit(repo.httpUrl(), ManifestsCommitted.class, c -> true);

                assertThat(repaired.getSha()).isEqualTo(repo.head());
                assertThat(repaired.getCausingEventIds()).containsExactly(tagEvent);
                assertThat(repaired.getChanges()).singleElement().satisfies(change -> {
                    assertThat(change.getFrom()).isEqualTo(image + ":3.0.0");
                    assertThat(change.getTo()).isEqualTo(image + ":3.1.0");
                    assertThat(change.getPolicy()).isEqualTo("semver:^3");
                });
                String trailerId = repo.log().get(0).message().lines()
                        .filter(l -> l.startsWith("Shiplog-Commit: ")).findFirst().orElseThrow().substring(16);
                assertThat(log.commitEnvelopes(repo.httpUrl())).filteredOn(e -> e.getPayload()
                        instanceof ManifestsCommitted).singleElement()
                        .satisfies(e -> assertThat(e.getMeta().getEventId()).isEqualTo(trailerId));
                // give the restarted writer time to re-process the replayed tag event, then check again
                log.awaitCommit(repo.httpUrl(), io.shiplog.events.UpdateSkipped.class,
                        s -> s.getRepository().equals(image) && s.getTag().equals("3.1.0"));
            }
            List<GitCommit> history = repo.log();
            assertThat(history).hasSize(2);
            assertThat(log.commits(repo.httpUrl(), ManifestsCommitted.class)).hasSize(1);
        }
    }
}
