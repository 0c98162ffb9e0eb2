package io.shiplog.dev.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.events.DiscoverySource;
import io.shiplog.events.ImageEvent;
import io.shiplog.events.TagDiscovered;
import io.shiplog.events.WatchedImage;
import io.shiplog.events.WatchlistEvent;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.kafka.TopicTail;
import io.shiplog.local.oci.ContainerRegistry;
import io.shiplog.local.oci.ImageSpec;
import io.shiplog.local.oci.NotificationEndpoint;
import io.shiplog.local.oci.RegistryOptions;
import io.shiplog.local.oci.StorageSeeder;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import io.shiplog.local.support.Ports;
import io.shiplog.local.support.StartupLog;
import io.shiplog.policy.Policies;
import io.shiplog.policy.Policy;
import io.shiplog.scanner.RegistryScannerApplication;
import io.shiplog.scanner.events.KafkaChangePublisher;
import io.shiplog.scanner.registry.Credentials;
import io.shiplog.scanner.registry.HostSettings;
import io.shiplog.scanner.registry.RegistryHandler;
import io.shiplog.scanner.registry.RegistryReader;
import io.shiplog.scanner.registry.RequestKind;
import io.shiplog.scanner.scan.KnownImages;
import io.shiplog.scanner.scan.RepositoryScanner;
import io.shiplog.scanner.scan.ScanNeeds;
import io.shiplog.scanner.scan.ScanScheduler;
import io.shiplog.scanner.scan.Source;
import io.shiplog.scanner.scan.WatchedRepository;
import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.image.ImageRepository;
import io.shiplog.schemas.serde.ShiplogAvroDeserializer;
import io.shiplog.schemas.serde.ShiplogAvroSerializer;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicProvisioner;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/bench scanner}: the scanner against Debian's docker-registry holding many repositories of many
 * tags, watched for one policy ({@code --policy}: what it needs decides what a scan reads). A first full scan
 * (its requests by kind, and the tags whose creation time the policy needs: its candidates), a second scan with
 * nothing changed (with the exact count of requests by kind: what a
 * registry's rate limiter sees), and the time from a push to its {@code TagDiscovered} event on the real broker when
 * the registry's push notification reaches the running scanner service.
 */
@Command(name = "scanner", mixinStandardHelpOptions = true,
        description = "Registry scans of many repositories × tags (request counts by kind) and webhook-to-event "
                + "latency, on a real registry and broker.")
public final class ScannerBench implements Callable<Integer> {

    private static final String TRACKED = "latest";
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    @Option(names = "--quick", description = "50 repositories and 20 pushes instead of --repositories/--pushes.")
    boolean quick;

    @Option(names = "--repositories", defaultValue = "1000", description = "Repositories (default ${DEFAULT-VALUE}).")
    int repositories;

    @Option(names = "--tags", defaultValue = "200", description = "Tags per repository (default ${DEFAULT-VALUE}).")
    int tags;

    @Option(names = "--pushes", defaultValue = "100", description = "Pushes timed for webhook latency "
            + "(default ${DEFAULT-VALUE}).")
    int pushes;

    @Option(names = "--scan-concurrency", defaultValue = "16", description = "Repositories scanned at once "
            + "(the service's shiplog.scanner.tuning.scan-concurrency; default ${DEFAULT-VALUE}).")
    int scanConcurrency;

    @Option(names = "--policy", defaultValue = "semver", description = "What the repositories' watch-list policy "
            + "needs: semver (semver:>=1.0.0, ordered by name: tags/list only), newest (newest;filter=^1\\.1\\.: "
            + "manifest and config of the 1.1.x tags) or all (no policy, every tag resolved and read, with latest "
            + "tracked; the scan before policies were read). Default ${DEFAULT-VALUE}.")
    String policy;

    @Option(names = "--host-concurrency", defaultValue = "16", description = "Requests in flight to the registry at "
            + "most (its shiplog.scanner.registries[].concurrency; default ${DEFAULT-VALUE}).")
    int hostConcurrency;

    private record Scan(long millis, Map<RequestKind, Long> requests, int tags, int changes) {
    }

    @Override
    public Integer call() throws Exception {
        StartupLog.printTo(System.err);
        int repoCount = quick ? 50 : repositories;
        int pushCount = quick ? 20 : pushes;
        int port = Ports.freePort();
        String token = "bench-" + UUID.randomUUID();
        LinkedHashMap<String, Object> figures = new LinkedHashMap<>();
        // the scans read a registry without notifications: distribution 2.8 sends a pull event per read, and a
        // registry queueing hundreds of thousands of them for the webhook endpoint delays its push events by minutes;
        // the webhook phase has a registry of its own, notifying the scanner service
        try (KafkaBroker kafka = KafkaBroker.start(); SchemaRegistry schemas = SchemaRegistry.start(kafka);
             ContainerRegistry registry = ContainerRegistry.start(RegistryOptions.defaults().withoutAuth()
                     .withoutReceiver());
             ContainerRegistry hooked = ContainerRegistry.start(RegistryOptions.defaults().withoutAuth()
                     .withoutReceiver().withEndpoint(new NotificationEndpoint(URI.create("http://127.0.0.1:" + port
                             + "/webhooks/registry"), Map.of("Authorization", "Bearer " + token))))) {
            TopicProvisioner.provisionCatalogue(kafka.bootstrapServers());
            BenchTable table = new BenchTable(System.out, "phase", "repos", "tags", "ms", "changes", "tags_list",
                    "head", "manifest_get", "blob_get");
            long seeded = seed(registry, repoCount);
            table.row("seed (storage)", repoCount, repoCount * tags, seeded, "-", "-", "-", "-", "-");
            try (KafkaProducer<String, Object> producer = producer(kafka, schemas)) {
                scans(registry, EventSink.of(producer), repoCount, table, figures);
                webhooks(kafka, schemas, hooked, EventSink.of(producer), port, token, pushCount, table, figures);
            }
        }
        BenchTable.summary(System.out, "scanner", figures);
        return 0;
    }

    /** Writes {@code count} repositories of {@link #tags} tags (the last one {@code latest}) into the storage. */
    private long seed(ContainerRegistry registry, int count) throws Exception {
        long started = System.nanoTime();
        StorageSeeder seeder = StorageSeeder.of(registry);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int r = 0; r < count; r++) {
                String repository = repository(r);
                done.add(pool.submit(() -> {
                    for (int t = 0; t < tags; t++) {
                        seeder.seed(repository, tag(t), ImageSpec.of(BASE.plusSeconds(60L * t)));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    private String tag(int index) {
        return index == tags - 1 ? TRACKED : "1." + index / 100 + "." + index % 100;
    }

    private static String repository(int index) {
        return String.format(Locale.ROOT, "bench/app-%04d", index);
    }

    /** The first and the second full scan, with the service's own scan engine and Kafka publisher. */
    private void scans(ContainerRegistry registry, EventSink sink, int count, BenchTable table,
                       LinkedHashMap<String, Object> figures) throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1).build();
        RegistryHandler handler = new RegistryHandler(http, Duration.ofSeconds(30), new Credentials(),
                host -> new HostSettings(registry.url(), 1000, hostConcurrency), meters);
        KnownImages known = new KnownImages();
        ExecutorService requests = Executors.newFixedThreadPool(Math.max(8, scanConcurrency * 4));
        ExecutorService scanning = Executors.newFixedThreadPool(scanConcurrency);
        try {
            RepositoryScanner scanner = new RepositoryScanner(new RegistryReader(handler), known,
                    new KafkaChangePublisher(sink, new MetaFactory("registry-scanner"), known), requests, meters);
            Policy spec = switch (policy) {
                case "semver" -> Policies.parse("semver:>=1.0.0");
                case "newest" -> Policies.parse("newest;filter=^1\\.1\\.");
                case "all" -> null;
                default -> throw new IllegalArgumentException("--policy must be semver, newest or all, not '"
                        + policy + "'");
            };
            ScanNeeds needs = spec == null ? ScanNeeds.everything()
                    : ScanNeeds.of(List.of(new ScanNeeds.Use(spec, null)));
            List<WatchedRepository> watched = new ArrayList<>();
            for (int r = 0; r < count; r++) {
                watched.add(new WatchedRepository(ImageRepository.parse(registry.host() + "/" + repository(r)),
                        spec == null ? Set.of(TRACKED) : Set.of(), Duration.ofMinutes(1), needs));
            }
            List<String> allTags = java.util.stream.IntStream.range(0, tags).mapToObj(this::tag).toList();
            long candidates = spec == null ? (long) count * tags
                    : (long) count * spec.needsCreationTime(allTags).size();
            Scan first = scanAll(scanner, scanning, handler, watched);
            row(table, "first scan (" + policy + ")", count, first);
            if (first.changes() != count * tags) {
                throw new IllegalStateException("the first scan found " + first.changes() + " tags, expected "
                        + count * tags + ": the benchmark's registry is not what it should be");
            }
            Scan second = scanAll(scanner, scanning, handler, watched);
            row(table, "second scan", count, second);
            figures.put("policy", spec == null ? "all" : spec.spec());
            figures.put("first_scan_s", seconds(first.millis()));
            figures.put("first_scan_requests", first.requests().values().stream().mapToLong(Long::longValue).sum());
            figures.put("first_scan_taglist_requests", first.requests().get(RequestKind.TAGS_LIST));
            figures.put("first_scan_head_requests", first.requests().get(RequestKind.MANIFEST_HEAD));
            figures.put("first_scan_manifest_gets", first.requests().get(RequestKind.MANIFEST_GET));
            figures.put("first_scan_blob_gets", first.requests().get(RequestKind.BLOB_GET));
            figures.put("first_scan_candidates", candidates);
            figures.put("second_scan_s", seconds(second.millis()));
            figures.put("second_scan_taglist_requests", second.requests().get(RequestKind.TAGS_LIST));
            figures.put("second_scan_head_requests", second.requests().get(RequestKind.MANIFEST_HEAD));
            figures.put("second_scan_manifest_gets", second.requests().get(RequestKind.MANIFEST_GET));
            figures.put("second_scan_blob_gets", second.requests().get(RequestKind.BLOB_GET));
        } finally {
            scanning.shutdownNow();
            requests.shutdownNow();
        }
    }

    private static Scan scanAll(RepositoryScanner scanner, ExecutorService scanning, RegistryHandler handler,
                                List<WatchedRepository> watched) throws Exception {
        Map<RequestKind, Long> before = handler.counts();
        long started = System.nanoTime();
        List<Future<RepositoryScanner.Result>> results = new ArrayList<>();
        for (WatchedRepository repository : watched) {
            results.add(scanning.submit(() -> scanner.scan(repository, Source.POLL, null)));
        }
        int tags = 0;
        int changes = 0;
        for (Future<RepositoryScanner.Result> result : results) {
            tags += result.get().tags();
            changes += result.get().changes().size();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        Map<RequestKind, Long> made = new EnumMap<>(RequestKind.class);
        handler.counts().forEach((kind, n) -> made.put(kind, n - before.getOrDefault(kind, 0L)));
        return new Scan(millis, made, tags, changes);
    }

    private static void row(BenchTable table, String phase, int repos, Scan scan) {
        table.row(phase, repos, scan.tags(), scan.millis(), scan.changes(), scan.requests().get(RequestKind.TAGS_LIST),
                scan.requests().get(RequestKind.MANIFEST_HEAD), scan.requests().get(RequestKind.MANIFEST_GET),
                scan.requests().get(RequestKind.BLOB_GET));
    }

    /**
     * The scanner service (its state rebuilt from the log the scans above wrote) watches one repository; each push
     * is timed from the registry's answer to the manifest PUT to its TagDiscovered (source WEBHOOK) on the broker.
     */
    private static void webhooks(KafkaBroker kafka, SchemaRegistry schemas, ContainerRegistry registry,
                                 EventSink sink, int port, String token, int count, BenchTable table,
                                 LinkedHashMap<String, Object> figures) throws Exception {
        String repository = "bench/webhook";
        String image = registry.host() + "/" + repository;
        try (TopicTail images = TopicTail.fromEnd(kafka.bootstrapServers(),
                ShiplogAvroDeserializer.specificReaderConfig(schemas.url()), List.of(TopicCatalogue.IMAGES.name()));
             ConfigurableApplicationContext service = RegistryScannerApplication.application().run(
                     "--server.port=" + port, "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                     "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                     "--spring.kafka.properties.schema.registry.url=" + schemas.url(),
                     "--shiplog.scanner.tuning.default-interval=10m",
                     "--shiplog.scanner.tuning.watchlist-group=bench-scanner-" + UUID.randomUUID(),
                     "--shiplog.scanner.webhook.token=" + token,
                     "--shiplog.scanner.registries[0].host=" + registry.host())) {
            // pushed once the service listens: a registry queues notifications behind an endpoint that failed
            registry.pusher().push(repository, "0.0.0");
            WatchedImage watched = WatchedImage.newBuilder().setRepository(image).setRegistry(registry.host())
                    .setConfigRepo("http://git.invalid/bench.git").setBranch("main").setHeadCommit("0".repeat(40))
                    .setPolicies(List.of("semver")).setTrackedTags(List.of()).setScanIntervalMs(600_000L)
                    .setUsages(List.of()).build();
            sink.send(TopicCatalogue.WATCHLIST.name(), image, WatchlistEvent.newBuilder()
                    .setMeta(new MetaFactory("bench/git-writer").root()).setPayload(watched).build())
                    .get(30, TimeUnit.SECONDS);
            ScanScheduler scheduler = service.getBean(ScanScheduler.class);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (scheduler.scans(image) < 1) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the scanner service did not scan " + image + " within 120 s");
                }
                Thread.sleep(20);
            }
            List<Long> latencies = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                String tag = "1.0." + i;
                registry.pusher().push(repository, tag);
                long pushed = System.nanoTime();
                awaitDiscovered(images, image, tag);
                latencies.add((System.nanoTime() - pushed) / 1_000_000);
            }
            List<Long> sorted = latencies.stream().sorted().toList();
            long p50 = percentile(sorted, 50);
            long p99 = percentile(sorted, 99);
            table.row("push→event", 1, count, sorted.get(sorted.size() - 1), count, "p50=" + p50, "p99=" + p99,
                    "-", "-");
            figures.put("webhook_p50_ms", p50);
            figures.put("webhook_p99_ms", p99);
        }
    }

    private static void awaitDiscovered(TopicTail images, String image, String tag) throws InterruptedException {
        TopicTail.Received found = images.await(0, r -> ((ImageEvent) r.value()).getPayload()
                instanceof TagDiscovered discovered && discovered.getRepository().equals(image)
                && discovered.getTag().equals(tag), Duration.ofSeconds(120), "TagDiscovered for " + image + ":" + tag);
        TagDiscovered discovered = (TagDiscovered) ((ImageEvent) found.value()).getPayload();
        if (discovered.getSource() != DiscoverySource.WEBHOOK) {
            throw new IllegalStateException(image + ":" + tag + " was found by " + discovered.getSource()
                    + ", not by its push notification");
        }
    }

    private static KafkaProducer<String, Object> producer(KafkaBroker kafka, SchemaRegistry schemas) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "schema.registry.url", schemas.url(), "linger.ms", 5,
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", ShiplogAvroSerializer.class.getName()));
    }

    private static long percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f", millis / 1000.0);
    }
}
