package io.shiplog.scanner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.events.TagDiscovered;
import io.shiplog.local.net.ThrottlingProxy;
import io.shiplog.local.oci.ContainerRegistry;
import io.shiplog.local.oci.ImageSpec;
import io.shiplog.local.oci.PushedImage;
import io.shiplog.local.oci.RegistryOptions;
import io.shiplog.scanner.scan.ScanScheduler;
import io.shiplog.schemas.testing.EventLog;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The requests the real scanner makes of a real registry (htpasswd auth), counted by a proxy in front of it: what
 * each kind of policy costs, and a registry that pushes back with 429 and 503.
 */
class ScanRequestsIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static ContainerRegistry registry;
    private static ThrottlingProxy proxy;
    private static EventLog log;
    private static ConfigurableApplicationContext scanner;

    @BeforeAll
    static void start() throws Exception {
        registry = ContainerRegistry.start(RegistryOptions.defaults().withoutReceiver());
        proxy = ThrottlingProxy.start(registry.url());
        log = EventLog.fromEnd(TopicCatalogue.IMAGES);
        scanner = ScannerService.start(0, "scan-requests-it-" + SUFFIX, "token-" + SUFFIX, registry, proxy.url());
    }

    @AfterAll
    static void stop() {
        scanner.close();
        log.close();
        proxy.close();
        registry.close();
    }

    @Test
    void aSemverRepositoryIsScannedWithItsTagListAlone() {
        String repo = "cost-" + SUFFIX + "/semver";
        for (String tag : List.of("1.0.0", "1.1.0", "2.0.0")) {
            registry.pusher().push(repo, tag);
        }
        WatchlistWriter.watch(image(repo), registry.host(), "semver:^1.0", image(repo) + ":1.0.0", List.of(), 1000L);

        List<TagDiscovered> discovered = awaitDiscovered(repo, 3);
        assertThat(discovered).extracting(TagDiscovered::getDigest).containsOnlyNulls();
        awaitScans(image(repo), 3);
        assertThat(requestsOf(repo)).as("every request of three scans").containsOnlyKeys("GET tags/list");
        assertThat(discovered(repo)).as("later scans report nothing again").hasSize(3);
    }

    @Test
    void aPolicyPinningDigestsResolvesTheTagItSelectsWithOneHeadAndReadsNoManifest() {
        String repo = "cost-" + SUFFIX + "/pinned";
        registry.pusher().push(repo, "1.0.0");
        PushedImage selected = registry.pusher().push(repo, "1.1.0");
        registry.pusher().push(repo, "2.0.0");
        WatchlistWriter.watch(image(repo), registry.host(), "semver:^1.0;digest=true", image(repo) + ":1.0.0",
                List.of(), 1000L);

        Map<String, String> digests = awaitDiscovered(repo, 3).stream().collect(Collectors.toMap(
                TagDiscovered::getTag, d -> String.valueOf(d.getDigest())));
        assertThat(digests).containsEntry("1.1.0", selected.digest()).containsEntry("1.0.0", "null")
                .containsEntry("2.0.0", "null");
        awaitScans(image(repo), 3);
        Map<String, Long> requests = requestsOf(repo);
        assertThat(requests).containsOnlyKeys("GET tags/list", "HEAD manifests/1.1.0");
        assertThat(discovered(repo)).as("the selected tag's digest did not move").hasSize(3);
    }

    @Test
    void aNewestPolicyReadsManifestAndConfigOfTheTagsPassingItsFilterOnce() {
        String repo = "cost-" + SUFFIX + "/newest";
        Instant created = Instant.parse("2026-11-01T00:00:00Z");
        PushedImage first = registry.pusher().push(repo, "main-1", ImageSpec.of(created));
        PushedImage second = registry.pusher().push(repo, "main-2", ImageSpec.of(created.plusSeconds(60)));
        registry.pusher().push(repo, "1.0.0");
        WatchlistWriter.watch(image(repo), registry.host(), "newest;filter=^main-", image(repo) + ":main-1",
                List.of(), 1000L);

        Map<String, TagDiscovered> discovered = awaitDiscovered(repo, 3).stream().collect(Collectors.toMap(
                TagDiscovered::getTag, Function.identity()));
        assertThat(discovered.get("main-1").getDigest()).isEqualTo(first.digest());
        assertThat(discovered.get("main-1").getCreatedAt()).isEqualTo(created);
        assertThat(discovered.get("main-2").getDigest()).isEqualTo(second.digest());
        assertThat(discovered.get("main-2").getCreatedAt()).isEqualTo(created.plusSeconds(60));
        assertThat(discovered.get("1.0.0").getDigest()).isNull();
        awaitScans(image(repo), 4);
        Map<String, Long> requests = requestsOf(repo);
        assertThat(requests).containsOnlyKeys("GET tags/list", "HEAD manifests/main-1", "HEAD manifests/main-2",
                "GET manifests/" + first.digest(), "GET manifests/" + second.digest(), "GET blobs");
        assertThat(requests).as("once per digest, in four scans").containsEntry("HEAD manifests/main-1", 1L)
                .containsEntry("GET manifests/" + first.digest(), 1L).containsEntry("GET blobs", 2L);
    }

    @Test
    void aRegistryPushingBackWith429And503IsScannedLaterAndNothingIsLost() {
        String repo = "cost-" + SUFFIX + "/throttled";
        List<String> tags = List.of("main-1", "main-2", "main-3");
        tags.forEach(tag -> registry.pusher().push(repo, tag));
        String path = "/v2/" + repo + "/";
        proxy.pushBack(1, p -> p.startsWith(path), ThrottlingProxy.PushBack.httpDate(503, Duration.ofSeconds(3)));
        proxy.pushBack(1, p -> p.startsWith(path), ThrottlingProxy.PushBack.seconds(429, Duration.ofSeconds(2)));
        proxy.pushBack(1, p -> p.startsWith(path), ThrottlingProxy.PushBack.httpDate(429, Duration.ofSeconds(1)));
        WatchlistWriter.watch(image(repo), registry.host(), "newest", null, List.of(), 1000L);

        List<TagDiscovered> discovered = awaitDiscovered(repo, 3);
        assertThat(discovered).extracting(TagDiscovered::getTag).containsExactlyInAnyOrderElementsOf(tags);
        assertThat(discovered).extracting(TagDiscovered::getCreatedAt).doesNotContainNull();
        assertThat(proxy.pushBacksLeft()).isZero();
        List<ThrottlingProxy.Exchange> exchanges = proxy.exchanges(e -> e.path().startsWith(path)).stream()
                .sorted(Comparator.comparing(ThrottlingProxy.Exchange::at)).toList();
        assertThat(exchanges).extracting(ThrottlingProxy.Exchange::status).startsWith(503, 429, 429);
        // no request reached the registry before the time each push-back asked for had passed
        assertThat(Duration.between(exchanges.get(0).at(), exchanges.get(1).at())).isGreaterThanOrEqualTo(
                Duration.ofSeconds(3));
        assertThat(Duration.between(exchanges.get(1).at(), exchanges.get(2).at())).isGreaterThanOrEqualTo(
                Duration.ofSeconds(2));
        assertThat(Duration.between(exchanges.get(2).at(), exchanges.get(3).at())).isGreaterThanOrEqualTo(
                Duration.ofSeconds(1));
    }

    private static String image(String repo) {
        return registry.host() + "/" + repo;
    }

    private static List<TagDiscovered> discovered(String repo) {
        return log.payloads(TagDiscovered.class, d -> d.getRepository().equals(image(repo)));
    }

    private static List<TagDiscovered> awaitDiscovered(String repo, int count) {
        await("TagDiscovered of " + count + " tags of " + repo).atMost(Duration.ofSeconds(120))
                .until(() -> discovered(repo).size() >= count);
        return discovered(repo);
    }

    /** The requests for {@code repo} that reached the registry, by method and what they read, with their counts. */
    private static Map<String, Long> requestsOf(String repo) {
        String prefix = "/v2/" + repo + "/";
        return proxy.exchanges(e -> e.path().startsWith(prefix) && e.status() != 401).stream()
                .collect(Collectors.groupingBy(e -> e.method() + " " + what(e.path().substring(prefix.length())),
                        Collectors.counting()));
    }

    private static String what(String rest) {
        return rest.startsWith("blobs/") ? "blobs" : rest;
    }

    private static long scans(String repository) {
        return scanner.getBean(ScanScheduler.class).scans(repository);
    }

    private static void awaitScans(String repository, long count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> scans(repository) >= count);
    }
}
