package io.shiplog.gitwriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.events.CommitObserved;
import io.shiplog.events.WatchlistEvent;
import io.shiplog.gitwriter.support.ConfigRepo;
import io.shiplog.gitwriter.support.EventsLog;
import io.shiplog.gitwriter.support.Manifests;
import io.shiplog.gitwriter.support.RunningWriter;
import io.shiplog.local.git.Author;
import io.shiplog.local.git.GitServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Push webhooks make git-writer fetch at once; every new commit is published and the watch list follows. The webhook
 * answers to its signature only, while {@code /status} needs an API token.
 */
class WebhookIT {

    private static final String SECRET = "webhook-secret-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aSignedPushWebhookFetchesAtOncePublishesTheHumanCommitAndTombstonesAnImageNoLongerUsed() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String kept = "registry.test/hook-" + suffix + "/kept";
        String dropped = "registry.test/hook-" + suffix + "/dropped";
        ConfigRepo repo = ConfigRepo.create("hook", Map.of(
                "apps/kept.yaml", Manifests.bytes(Manifests.deployment("kept", kept + ":1.0.0", "semver:^1")),
                "apps/dropped.yaml", Manifests.bytes(Manifests.deployment("dropped", dropped + ":1.0.0",
                        "semver:^1"))));
        try (EventsLog log = new EventsLog();
             RunningWriter writer = RunningWriter.start(List.of(RunningWriter.Repo.of("hook", repo.httpUrl())
                             .with("username", GitServer.shared().username())
                             .with("password", GitServer.shared().password())
                             .with("fetch-interval", "1h").with("webhook-secret", SECRET)),
                     Files.createTempDirectory("webhook-it"), RunningWriter.newGroup())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !log.watchlistEvents(dropped).isEmpty());
            WatchlistEvent watched = log.watchlistEvents(kept).get(0);
            assertThat(((io.shiplog.events.WatchedImage) watched.getPayload()).getUsages()).singleElement().satisfies(u -> {
                assertThat(u.getPath()).isEqualTo("apps/kept.yaml");
                assertThat(u.getCurrentValue()).isEqualTo(kept + ":1.0.0");
                assertThat(u.getPolicy()).isEqualTo("semver:^1");
            });

            String human = GitServer.shared().commit(repo.name(), Map.of("apps/dropped.yaml",
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dropped\n"), "stop automating dropped",
                    new Author("Ada", "ada@example.com"));
            String body = "{\"ref\": \"refs/heads/main\", \"after\": \"" + human + "\"}";

            assertThat(post(writer, body, "sha256=" + "0".repeat(64)).statusCode()).isEqualTo(401);
            // a huge body is refused before it is read whole or its signature checked, declared or chunked
            byte[] huge = new byte[5 * 1024 * 1024];
            assertThat(post(writer, HttpRequest.BodyPublishers.ofByteArray(huge), "sha256=" + "0".repeat(64))
                    .statusCode()).isEqualTo(413);
            assertThat(post(writer, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)),
                    "sha256=" + "0".repeat(64)).statusCode()).isBetween(400, 499).isNotEqualTo(401);
            assertThat(post(writer, body, "sha256=" + hmac(body)).statusCode()).isEqualTo(202);

            CommitObserved observed = log.awaitCommit(repo.httpUrl(), CommitObserved.class,
                    c -> c.getSha().equals(human));
            assertThat(observed.getAuthor().getName()).isEqualTo("Ada");
            assertThat(observed.getChangedPaths()).containsExactly("apps/dropped.yaml");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(log.watchlist(dropped))
                    .last().satisfies(e -> assertThat(e.value()).isNull()));
            assertThat(log.watchlistEvents(kept)).as("the kept image's entry did not change: not published again")
                    .hasSize(1);
            assertThat(log.allText()).doesNotContain(SECRET);
        }
    }

    @Test
    void statusNeedsABearerTokenWhileTheWebhookAnswersToItsSignatureOnly() throws Exception {
        ConfigRepo repo = ConfigRepo.create("hook", Map.of("apps/a.yaml", Manifests.bytes(Manifests.deployment("a",
                "registry.test/status-" + UUID.randomUUID().toString().substring(0, 6) + "/a:1.0.0", "semver:^1"))));
        try (RunningWriter writer = RunningWriter.start(List.of(RunningWriter.Repo.of("hook", repo.httpUrl())
                        .with("username", GitServer.shared().username())
                        .with("password", GitServer.shared().password())
                        .with("fetch-interval", "1h").with("webhook-secret", SECRET)),
                Files.createTempDirectory("webhook-it"), RunningWriter.newGroup(),
                "--shiplog.http.max-body-bytes=4096")) {
            URI status = URI.create("http://127.0.0.1:" + writer.port() + "/status");
            HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(status).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                    assertThat(v).startsWith("Bearer"));
            assertThat(anonymous.body()).contains("\"message\":\"an Authorization: Bearer token is required\"");
            assertThat(writer.get("/status")).contains("hook");

            // a body over the limit is refused before authentication, with or without a token
            HttpResponse<String> huge = HTTP.send(HttpRequest.newBuilder(status).header("Content-Type",
                    "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[8192])).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(huge.statusCode()).isEqualTo(413);

            // the webhook takes no API token: a signed push with a foreign bearer header is accepted, and an API
            // token does not stand in for the signature
            String body = "{\"ref\": \"refs/heads/main\"}";
            HttpResponse<String> signed = HTTP.send(webhook(writer, body, "sha256=" + hmac(body))
                    .header("Authorization", "Bearer not-an-api-token-0123456789").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signed.statusCode()).isEqualTo(202);
            HttpResponse<String> unsigned = HTTP.send(webhook(writer, body, "sha256=" + "0".repeat(64))
                    .header("Authorization", "Bearer " + RunningWriter.WRITE_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unsigned.statusCode()).isEqualTo(401);
            assertThat(unsigned.body()).doesNotContain("Bearer token");
        }
    }

    private static HttpRequest.Builder webhook(RunningWriter writer, String body, String signature) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + writer.port() + "/webhooks/git/hook"))
                .header("Content-Type", "application/json").header("X-GitHub-Event", "push")
                .header("X-Hub-Signature-256", signature).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpResponse<String> post(RunningWriter writer, String body, String signature) throws Exception {
        return post(writer, HttpRequest.BodyPublishers.ofString(body), signature);
    }

    private static HttpResponse<String> post(RunningWriter writer, HttpRequest.BodyPublisher body, String signature)
            throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + writer.port()
                        + "/webhooks/git/hook")).header("Content-Type", "application/json")
                        .header("X-GitHub-Event", "push").header("X-Hub-Signature-256", signature)
                        .POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
