package io.shiplog.scanner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.events.DeadLetter;
import io.shiplog.events.DiscoverySource;
import io.shiplog.events.Platform;
import io.shiplog.events.TagDiscovered;
import io.shiplog.events.TagMoved;
import io.shiplog.events.TagRemoved;
import io.shiplog.local.oci.ContainerRegistry;
import io.shiplog.local.oci.NotificationEndpoint;
import io.shiplog.local.oci.PushedImage;
import io.shiplog.local.oci.PushedIndex;
import io.shiplog.local.oci.RegistryOptions;
import io.shiplog.scanner.scan.ScanScheduler;
import io.shiplog.schemas.testing.EventLog;
import io.shiplog.schemas.testing.TestKafka;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real scanner against a real Debian registry (htpasswd auth, notifications to the scanner's webhook) and the
 * real broker: polling, the watch list, webhooks, restarts.
 */
class ScannerIT {

    private static final String TOKEN = "webhook-token-" + UUID.randomUUID();
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static ContainerRegistry registry;
    private static EventLog log;
    private static int port;
    private static ConfigurableApplicationContext scanner;

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        registry = ContainerRegistry.start(RegistryOptions.defaults().withEndpoint(new NotificationEndpoint(
                URI.create("http://127.0.0.1:" + port + "/webhooks/registry"),
                Map.of("Authorization", "Bearer " + TOKEN))));
        log = EventLog.fromEnd(TopicCatalogue.IMAGES);
        scanner = startScanner();
    }

    @AfterAll
    static void stop() {
        scanner.close();
        log.close();
        registry.close();
    }

    private static ConfigurableApplicationContext startScanner() {
        return ScannerService.start(port, "scanner-it-" + SUFFIX, TOKEN, registry);
    }

    private static String image(String repo) {
        return registry.host() + "/" + repo;
    }

    private static void watch(String repo, List<String> tracked, Long intervalMs) {
        WatchlistWriter.watch(image(repo), registry.host(), tracked, intervalMs);
    }

    /** Watched for a {@code newest} policy, which needs every tag's digest and creation time. */
    private static void watchNewest(String repo, List<String> tracked, Long intervalMs) {
        WatchlistWriter.watch(image(repo), registry.host(), "newest", null, tracked, intervalMs);
    }

    /** Every image event about {@code repository} so far, any type. */
    private static List<Object> about(String repository) {
        return log.entries().stream().map(EventLog.Entry::payload)
                .filter(p -> p.toString().contains("\"repository\": \"" + repository + "\"")).toList();
    }

    @Test
    void discoversANewTagOfANewestPolicyOnceWithItsDigestAndCreationTime() throws Exception {
        String repo = "it-" + SUFFIX + "/new";
        Instant created = Instant.parse("2026-11-30T12:00:00Z");
        PushedImage pushed = registry.pusher().push(repo, "1.0.0",
                io.shiplog.local.oci.ImageSpec.of(created));
        watchNewest(repo, List.of(), 1000L);

        TagDiscovered discovered = log.await(TagDiscovered.class, d -> d.getRepository().equals(image(repo)));
        assertThat(discovered.getTag()).isEqualTo("1.0.0");
        assertThat(discovered.getDigest()).isEqualTo(pushed.digest());
        assertThat(discovered.getMediaType()).isEqualTo(pushed.mediaType());
        assertThat(discovered.getCreatedAt()).isEqualTo(created);
        assertThat(discovered.getRegistry()).isEqualTo(registry.host());
        awaitScans(image(repo), 3);
        assertThat(about(image(repo))).as("later scans find nothing new").hasSize(1);
    }

    @Test
    void reportsARepushedTrackedTagAsOneTagMovedWithBothDigestsAndADeletedTagAsRemoved() throws Exception {
        String repo = "it-" + SUFFIX + "/latest";
        PushedImage first = registry.pusher().push(repo, "latest");
        registry.pusher().push(repo, "old");
        watchNewest(repo, List.of("latest"), 1000L);
        log.await(TagDiscovered.class, d -> d.getRepository().equals(image(repo)) && d.getTag().equals("latest"));

        PushedImage second = registry.pusher().repush(first);
        TagMoved moved = log.await(TagMoved.class, m -> m.getRepository().equals(image(repo)));
        assertThat(moved.getPreviousDigest()).isEqualTo(first.digest());
        assertThat(moved.getDigest()).isEqualTo(second.digest());

        String oldDigest = registry.pusher().deleteTag(repo, "old");
        TagRemoved removed = log.await(TagRemoved.class, r -> r.getRepository().equals(image(repo)));
        assertThat(removed.getTag()).isEqualTo("old");
        assertThat(removed.getLastDigest()).isEqualTo(oldDigest);
        awaitScans(image(repo), scans(image(repo)) + 2);
        assertThat(log.payloads(TagMoved.class, m -> m.getRepository().equals(image(repo)))).hasSize(1);
        assertThat(log.payloads(TagRemoved.class, r -> r.getRepository().equals(image(repo)))).hasSize(1);
    }

    @Test
    void recordsAMultiArchIndexWithItsPlatformsAndTheIndexDigest() throws Exception {
        String repo = "it-" + SUFFIX + "/multi";
        PushedIndex index = registry.pusher().pushIndex(repo, "2.0.0", Instant.parse("2026-11-01T00:00:00Z"),
                List.of(io.shiplog.local.oci.Platform.LINUX_AMD64, io.shiplog.local.oci.Platform.LINUX_ARM64_V8));
        watchNewest(repo, List.of(), 1000L);

        TagDiscovered discovered = log.await(TagDiscovered.class, d -> d.getRepository().equals(image(repo)));
        assertThat(discovered.getDigest()).isEqualTo(index.digest());
        assertThat(discovered.getMediaType()).isEqualTo(index.mediaType());
        assertThat(discovered.getPlatforms()).containsExactly(new Platform("linux", "amd64", null),
                new Platform("linux", "arm64", "v8"));
    }

    @Test
    void aPushNotificationTriggersAScanWhoseEventSaysWebhook() throws Exception {
        String repo = "it-" + SUFFIX + "/hooked";
        registry.pusher().push(repo, "1.0.0");
        watch(repo, List.of(), Duration.ofMinutes(30).toMillis());
        log.await(TagDiscovered.class, d -> d.getRepository().equals(image(repo)));

        long pushed = System.nanoTime();
        registry.pusher().push(repo, "1.0.1");
        TagDiscovered discovered = log.await(TagDiscovered.class, d -> d.getRepository().equals(image(repo))
                && d.getTag().equals("1.0.1"));
        assertThat(discovered.getSource()).isEqualTo(DiscoverySource.WEBHOOK);
        assertThat(discovered.getPushedAt()).isNotNull();
        System.out.printf("[scanner] push to event: %d ms%n", (log.arrivedAt(TagDiscovered.class,
                d -> d.getTag().equals("1.0.1") && d.getRepository().equals(image(repo))) - pushed) / 1_000_000);
    }

    @Test
    void refusesAWebhookWithABadSignatureAndChangesNothing() throws Exception {
        String repo = "it-" + SUFFIX + "/refused";
        registry.pusher().push(repo, "1.0.0");
        watch(repo, List.of(), Duration.ofMinutes(30).toMillis());
        log.await(TagDiscovered.class, d -> d.getRepository().equals(image(repo)));
        long scansBefore = settledScans(image(repo));
        int eventsBefore = about(image(repo)).size();
        HttpClient http = HttpClient.newHttpClient();
        String body = "{\"repository\":\"" + image(repo) + "\",\"tag\":\"1.0.0\"}";
        for (String auth : List.of("Bearer wrong", "")) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/webhooks/registry")).POST(HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json").header("X-Shiplog-Signature", "sha256=00");
            if (!auth.isEmpty()) {
                request.header("Authorization", auth);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
        }
        await("no scan and no event after the refused webhooks").during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(5)).until(() -> scans(image(repo)) == scansBefore
                        && about(image(repo)).size() == eventsBefore);
    }

    @Test
    void refusesHugeAndMalformedNotificationsAndKeepsScanning() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + port + "/webhooks/registry");
        HttpResponse<String> huge = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"x\":\"" + "a".repeat(2_000_000) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> malformed = http.send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString("{oops"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("not JSON");
        String repo = "it-" + SUFFIX + "/after-bad";
        registry.pusher().push(repo, "1.0.0");
        watch(repo, List.of(), 1000L);
        log.await(TagDiscovered.class, d -> d.getRepository().equals(image(repo)));
    }

    @Test
    void anUndecodableWatchListRecordGoesToTheDeadLetterTopicAndTheNextEntryIsScanned() throws Exception {
        String repo = "poison-" + SUFFIX + "/app";
        try (EventLog dlq = EventLog.fromEnd(TopicCatalogue.DLQ)) {
            TestKafka.sendRaw(TopicCatalogue.WATCHLIST.name(), image(repo),
                    "not avro at all".getBytes(StandardCharsets.UTF_8));
            registry.pusher().push(repo, "1.0.0");
            watch(repo, List.of(), null);

            log.await(TagDiscovered.class, d -> d.getRepository().equals(image(repo)));
            DeadLetter letter = dlq.await(DeadLetter.class,
                    d -> d.getSourceTopic().equals(TopicCatalogue.WATCHLIST.name()));
            assertThat(letter.getReason()).isNotBlank();
        }
    }

    @Test
    void aRestartedScannerEmitsNoDuplicatesAndCatchesUpOnWhatChangedWhileItWasDown() throws Exception {
        String repo = "it-" + SUFFIX + "/restart";
        registry.pusher().push(repo, "1.0.0");
        watch(repo, List.of(), 1000L);
        log.await(TagDiscovered.class, d -> d.getRepository().equals(image(repo)));

        scanner.close();
        registry.pusher().push(repo, "1.1.0");
        scanner = startScanner();

        log.await(TagDiscovered.class, d -> d.getRepository().equals(image(repo)) && d.getTag().equals("1.1.0"));
        awaitScans(image(repo), 3);
        assertThat(log.payloads(TagDiscovered.class, d -> d.getRepository().equals(image(repo))))
                .extracting(TagDiscovered::getTag).containsExactly("1.0.0", "1.1.0");
    }

    private static long scans(String repository) {
        return scanner.getBean(ScanScheduler.class).scans(repository);
    }

    /** The scans of {@code repository} once their count has not changed for a second. */
    private static long settledScans(String repository) {
        AtomicLong last = new AtomicLong(-1);
        await("the scans of " + repository + " to settle").during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(30)).until(() -> {
                    long now = scans(repository);
                    return last.getAndSet(now) == now;
                });
        return scans(repository);
    }

    private static void awaitScans(String repository, long count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> scans(repository) >= count);
    }
}
