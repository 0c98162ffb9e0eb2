package io.shiplog.gitwriter;

import static io.shiplog.gitwriter.support.RunningWriter.Repo.http;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.events.CommitFailed;
import io.shiplog.events.CommitFailureReason;
import io.shiplog.events.CommitObserved;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.gitwriter.support.ConfigRepo;
import io.shiplog.gitwriter.support.EventsLog;
import io.shiplog.gitwriter.support.Kafka;
import io.shiplog.gitwriter.support.Manifests;
import io.shiplog.gitwriter.support.RunningWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A config repository whose remote goes away: reported once, its work kept (bounded), the others keep going. */
class UnreachableRepositoryIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    @RegisterExtension
    static final EventsLog log = EventsLog.perClass();

    @Test
    void aRemoteThatGoesAwayIsReportedOnceWhileTheOtherRepositoryCommitsAndItsWorkLandsInOneCommitOnReturn()
            throws Exception {
        String web = "registry.test/outage-" + SUFFIX + "/web";
        String api = "registry.test/outage-" + SUFFIX + "/api";
        String webText = Manifests.deployment("web", web + ":1.0.0", "semver:^1");
        String apiText = Manifests.deployment("api", api + ":1.0.0", "semver:^1");
        ConfigRepo healthy = ConfigRepo.create("healthy", Map.of("apps/web.yaml", Manifests.bytes(webText),
                "apps/api.yaml", Manifests.bytes(apiText)));
        ConfigRepo failing = ConfigRepo.create("failing", Map.of("apps/web.yaml", Manifests.bytes(webText),
                "apps/api.yaml", Manifests.bytes(apiText)));
        try (RunningWriter writer = RunningWriter.start(List.of(http("healthy", healthy), http("failing", failing)),
                Files.createTempDirectory("outage-it"), RunningWriter.newGroup())) {
            String warmUp = Kafka.tagDiscovered(web, "1.0.1");
            log.awaitCommit(healthy.httpUrl(), ManifestsCommitted.class, c -> c.getCausingEventIds().contains(warmUp));
            log.awaitCommit(failing.httpUrl(), ManifestsCommitted.class, c -> c.getCausingEventIds().contains(warmUp));

            Path away = failing.directory().resolveSibling(failing.directory().getFileName() + ".away");
            Files.move(failing.directory(), away);
            String last = null;
            for (int minor = 1; minor <= 10; minor++) {
                last = Kafka.tagDiscovered(web, "1." + minor + ".0");
                Kafka.tagDiscovered(api, "1." + minor + ".0");
            }
            String lastWeb = last;
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(text(healthy, "apps/web.yaml")).isEqualTo(webText.replace(":1.0.0", ":1.10.0"));
                assertThat(text(healthy, "apps/api.yaml")).isEqualTo(apiText.replace(":1.0.0", ":1.10.0"));
            });
            CommitFailed failed = log.awaitCommit(failing.httpUrl(), CommitFailed.class, f -> true);
            assertThat(failed.getReason()).isEqualTo(CommitFailureReason.REMOTE_UNREACHABLE);
            assertThat(failed.getWillRetry()).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> metric(writer, "shiplog_gitwriter_push_failed_total",
                    "failing") >= 3);
            assertThat(metric(writer, "shiplog_gitwriter_pending_updates", "failing")).isGreaterThanOrEqualTo(2);

            Files.move(away, failing.directory());
            ManifestsCommitted landed = log.awaitCommit(failing.httpUrl(), ManifestsCommitted.class,
                    c -> !c.getCausingEventIds().contains(warmUp));
            assertThat(text(failing, "apps/web.yaml")).isEqualTo(webText.replace(":1.0.0", ":1.10.0"));
            assertThat(text(failing, "apps/api.yaml")).isEqualTo(apiText.replace(":1.0.0", ":1.10.0"));
            assertThat(landed.getChanges()).hasSize(2);
            assertThat(landed.getCausingEventIds()).contains(lastWeb);
            assertThat(failing.log()).hasSize(3);
            assertThat(log.commits(failing.httpUrl(), CommitFailed.class)).hasSize(1);
            assertThat(log.commits(failing.httpUrl(), CommitObserved.class)).hasSize(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> metric(writer, "shiplog_gitwriter_pending_updates",
                    "failing") == 0);
        }
    }

    private static String text(ConfigRepo repo, String path) {
        return new String(repo.read(path).orElseThrow(), StandardCharsets.UTF_8);
    }

    /** The value of a metric of one repository on {@code /actuator/prometheus}; 0 when absent. */
    private static double metric(RunningWriter writer, String name, String repository) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + writer.port() + "/actuator/prometheus")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*repository=\"" + repository + "\"[^}]*} (\\S+)$")
                .matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
