package io.shiplog.dev.bench;

import io.shiplog.auditor.DriftAuditorApplication;
import io.shiplog.cli.audit.AuditHttp;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import io.shiplog.local.support.StartupLog;
import io.shiplog.local.support.TempDirs;
import io.shiplog.schemas.serde.ShiplogAvroSerializer;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicProvisioner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code scripts/bench auditor}: 1,000,000 generated events ({@link AuditLogGenerator}) on a real broker and
 * registry; the drift-auditor projects them from offset 0 into its embedded store ({@code build_s},
 * {@code build_events_per_s}; {@code projection_events_per_s}: the projection's own rate as its status reports it);
 * the deliveries backfill that follows ({@code backfill_s}); p50/p99 of each of the six queries over HTTP, the DORA
 * query for one cluster and over every cluster, by cluster and by application ({@code query_p99_ms_max}: the worst
 * p99; {@code dora_org_p99_ms}: the DORA query over every cluster for 28 days as asked by default, by cluster;
 * {@code dora_org_by_app_p99_ms}: the same per application, its first 1,000 rows); the web view's fleet-wide reads
 * ({@code web_fleet_p99_ms}, {@code web_drift_p99_ms}, {@code web_timeline_p99_ms}); then a 1,000-object cluster
 * replayed onto a fresh API server through {@code shiplog replay cluster} ({@code replay_1000_s}, {@link ReplayBench}). Further phases plug in through {@link #EXTRA_PHASES}.
 */
@Command(name = "auditor", mixinStandardHelpOptions = true,
        description = "Audit store build from 1,000,000 events, query latencies, and a 1,000-object cluster replay.")
public final class AuditorBench implements Callable<Integer> {

    /** A further phase on the same infrastructure; it adds its summary keys (in the order). */
    @FunctionalInterface
    public interface Phase {
        void run(Infrastructure infrastructure, BenchTable table, LinkedHashMap<String, Object> summary,
                 boolean quick) throws Exception;
    }

    /** What the phases share: the broker and the registry. */
    public record Infrastructure(KafkaBroker kafka, SchemaRegistry registry, Path work) {
    }

    /**
     * Phases run after the queries and before the replay, so their keys land between {@code query_p99_ms_max} and
     * {@code replay_1000_s}: the drift benchmark adds {@code drift_audit_1000_s} and {@code drift_detect_ms} here.
     */
    static final List<Phase> EXTRA_PHASES = new ArrayList<>(List.of(DriftBench::phase));

    private static final String TOKEN = "bench-" + UUID.randomUUID();

    @Option(names = "--quick", description = "20,000 events, 60 objects and 30 samples per query.")
    boolean quick;

    @Option(names = "--events", defaultValue = "1000000", description = "Events generated (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--samples", defaultValue = "200", description = "Samples per query (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--objects", defaultValue = "1000", description = "Objects of the replayed cluster.")
    int objects;

    @Option(names = "--store-only", description = "Only the store build and the queries (no drift, no replay).")
    boolean storeOnly;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        StartupLog.printTo(System.err);
        int count = quick ? 20_000 : events;
        int perQuery = quick ? 30 : samples;
        Path work = TempDirs.create("bench-auditor");
        LinkedHashMap<String, Object> summary = new LinkedHashMap<>();
        try (KafkaBroker kafka = KafkaBroker.startEmbedded(KafkaBroker.EmbeddedOptions.ephemeral());
             SchemaRegistry registry = SchemaRegistry.start(kafka.bootstrapServers(), 0)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                new TopicProvisioner(admin, Optional.empty(), Duration.ofSeconds(30)).provision(TopicCatalogue.all());
            }
            BenchTable table = new BenchTable(out, "phase", "measure", "value");
            long produceStart = System.nanoTime();
            AuditLogGenerator.Facts facts = produce(kafka, registry, count);
            table.row("generate", "events", count);
            table.row("generate", "produce_s", seconds(System.nanoTime() - produceStart));
            summary.put("events", count);

            ConfigurableApplicationContext auditor = DriftAuditorApplication.application().run(
                    "--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                    "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                    "--spring.kafka.properties.schema.registry.url=" + registry.url(),
                    "--logging.level.org.apache.kafka=WARN", "--logging.level.io.shiplog=WARN",
                    "--shiplog.audit.api.token=" + TOKEN,
                    "--shiplog.audit.store.url=jdbc:sqlite:" + work.resolve("audit/audit.db").toAbsolutePath());
            try {
                AuditHttp http = new AuditHttp("http://127.0.0.1:"
                        + auditor.getEnvironment().getProperty("local.server.port"), TOKEN);
                JsonNode built = awaitBuilt(http, count, table);
                double buildSeconds = secondsSince(built);
                summary.put("build_s", round(buildSeconds));
                summary.put("build_events_per_s", Math.round(count / buildSeconds));
                summary.put("projection_events_per_s", Math.round(built.path("eventsPerSecond").asDouble()));
                table.row("build", "build_s", round(buildSeconds));
                table.row("build", "events_per_s", Math.round(count / buildSeconds));
                double backfillSeconds = awaitBackfilled(http);
                summary.put("backfill_s", round(backfillSeconds));
                table.row("backfill", "backfill_s", round(backfillSeconds));
                QueryBench bench = new QueryBench(http, facts, perQuery);
                Map<String, Long> p99 = bench.run(bench.queries(), table);
                summary.put("query_p99_ms_max", p99.values().stream().mapToLong(Long::longValue).max().orElse(0));
                summary.put("dora_org_p99_ms", p99.get("dora_org"));
                summary.put("dora_org_by_app_p99_ms", p99.get("dora_org_by_app"));
                bench.run(bench.webQueries(), table).forEach((name, ms) -> summary.put(name + "_p99_ms", ms));
                JsonNode rebuilt = rebuild(http, count, table);
                summary.put("rebuild_s", round(secondsSince(rebuilt)));
                summary.put("rebuild_events_per_s", Math.round(rebuilt.path("eventsPerSecond").asDouble()));
            } finally {
                auditor.close();
            }
            Infrastructure infrastructure = new Infrastructure(kafka, registry, work);
            for (Phase phase : storeOnly ? List.<Phase>of() : EXTRA_PHASES) {
                phase.run(infrastructure, table, summary, quick);
            }
            if (!storeOnly) {
                summary.put("replay_1000_s", round(new ReplayBench(infrastructure, quick ? 60 : objects)
                        .run(table)));
            }
        }
        BenchTable.summary(out, "auditor", summary);
        return 0;
    }

    private static AuditLogGenerator.Facts produce(KafkaBroker kafka, SchemaRegistry registry, int count)
            throws Exception {
        Map<String, Object> config = Map.of(
                "bootstrap.servers", kafka.bootstrapServers(),
                "schema.registry.url", registry.url(),
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", ShiplogAvroSerializer.class.getName(),
                "acks", "1", "linger.ms", 20, "batch.size", 1 << 20, "compression.type", "lz4",
                "buffer.memory", 256L << 20);
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(config)) {
            AuditLogGenerator.Facts facts = new AuditLogGenerator().generate(count, event ->
                    producer.send(new ProducerRecord<>(event.topic(), event.key(), event.value()), (m, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    }));
            producer.flush();
            if (failure.get() != null) {
                throw failure.get();
            }
            return facts;
        }
    }

    private static JsonNode awaitBuilt(AuditHttp http, int count, BenchTable table) throws InterruptedException {
        return awaitProjected(http, count, 0, "build", table);
    }

    /**
     * What {@code shiplog replay audit} asks of a running auditor: the store dropped and projected again from offset
     * 0, by a JVM whose projection code is compiled already (the build's rate includes the JIT compiling it).
     */
    private static JsonNode rebuild(AuditHttp http, int count, BenchTable table) throws InterruptedException {
        http.post("/api/v1/store/rebuild");
        JsonNode rebuilt = awaitProjected(http, count, 1, "rebuild", table);
        table.row("rebuild", "rebuild_s", round(secondsSince(rebuilt)));
        table.row("rebuild", "events_per_s", Math.round(rebuilt.path("eventsPerSecond").asDouble()));
        return rebuilt;
    }

    private static double secondsSince(JsonNode status) {
        return Duration.between(Instant.parse(status.path("since").asString()), Instant.now()).toMillis() / 1000.0;
    }

    private static JsonNode awaitProjected(AuditHttp http, int count, long rebuilds, String phase, BenchTable table)
            throws InterruptedException {
        long nextRow = System.nanoTime();
        while (true) {
            JsonNode status = http.get("/api/v1/store/status");
            long projected = status.path("eventsProjected").asLong();
            if (status.path("rebuilds").asLong() >= rebuilds && projected >= count
                    && "LIVE".equals(status.path("state").asString())) {
                return status;
            }
            if (System.nanoTime() >= nextRow) {
                table.row(phase, "projected", projected + " (" + status.path("eventsPerSecond").asString() + "/s)");
                nextRow = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            }
            Thread.sleep(100);
        }
    }

    /** Waits for the deliveries backfill that follows the build; the seconds waited. */
    private static double awaitBackfilled(AuditHttp http) throws InterruptedException {
        long start = System.nanoTime();
        while (!http.get("/api/v1/store/status").path("backfillDone").asBoolean()) {
            Thread.sleep(100);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * The queries with random existing parameters (DORA also over every cluster, by cluster and by application), and
     * the web view's reads.
     */
    private record QueryBench(AuditHttp http, AuditLogGenerator.Facts facts, int samples) {

        /** The six audit queries (DORA three times: one cluster, every cluster by cluster and by application). */
        Map<String, Supplier<Runnable>> queries() {
            Random random = new Random(11);
            long span = Duration.between(facts.first(), facts.last()).toMillis();
            Supplier<String> cluster = () -> facts.clusters().get(random.nextInt(facts.clusters().size()));
            Supplier<Instant> time = () -> facts.first().plusMillis((long) (random.nextDouble() * span));
            Map<String, Supplier<Runnable>> queries = new LinkedHashMap<>();
            queries.put("state", () -> {
                String c = cluster.get();
                String at = time.get().toString();
                return () -> http.get("/api/v1/clusters/" + c + "/state", "at", at);
            });
            queries.put("where", () -> {
                String r = facts.repositories().get(random.nextInt(facts.repositories().size()));
                return () -> http.get("/api/v1/images/locations", "repository", r);
            });
            queries.put("trace", () -> {
                String ref = random.nextBoolean() ? facts.tags().get(random.nextInt(facts.tags().size()))
                        : facts.shas().get(random.nextInt(facts.shas().size()));
                return () -> http.get("/api/v1/trace", "ref", ref);
            });
            queries.put("history", () -> {
                String c = cluster.get();
                Instant from = time.get();
                return () -> http.get("/api/v1/clusters/" + c + "/history", "from", from.toString(), "to",
                        from.plus(Duration.ofDays(7)).toString());
            });
            queries.put("dora", () -> {
                String c = cluster.get();
                Instant from = time.get();
                return () -> http.get("/api/v1/dora", "from", from.toString(), "to",
                        from.plus(Duration.ofDays(28)).toString(), "cluster", c);
            });
            queries.put("dora_org", () -> {
                Instant from = time.get();
                return () -> http.get("/api/v1/dora", "from", from.toString(), "to",
                        from.plus(Duration.ofDays(28)).toString());
            });
            queries.put("dora_org_by_app", () -> {
                Instant from = time.get();
                return () -> http.get("/api/v1/dora", "from", from.toString(), "to",
                        from.plus(Duration.ofDays(28)).toString(), "by", "application");
            });
            queries.put("changes", () -> {
                String name = "app-" + random.nextInt(AuditLogGenerator.REPOSITORIES);
                return () -> http.get("/api/v1/objects/changes", "kind", "Deployment", "namespace", "apps",
                        "name", name);
            });
            return queries;
        }

        /**
         * The web view's fleet-wide reads as its pages ask for them: the fleet matrix, the open drift of every
         * cluster (its default) and the first page of the release timeline.
         */
        Map<String, Supplier<Runnable>> webQueries() {
            Map<String, Supplier<Runnable>> queries = new LinkedHashMap<>();
            queries.put("web_fleet", () -> () -> http.get("/api/v1/fleet"));
            queries.put("web_drift", () -> () -> http.get("/api/v1/drift", "open", "true", "size", "500"));
            queries.put("web_timeline", () -> () -> http.get("/api/v1/releases", "page", "0", "size", "20"));
            return queries;
        }

        /** Each query's p50 and p99 in the table after a warm-up; each one's p99 in ms. */
        Map<String, Long> run(Map<String, Supplier<Runnable>> queries, BenchTable table) {
            Map<String, Long> p99s = new LinkedHashMap<>();
            for (Map.Entry<String, Supplier<Runnable>> query : queries.entrySet()) {
                for (int i = 0; i < Math.max(5, samples / 10); i++) {
                    query.getValue().get().run();
                }
                List<Long> micros = new ArrayList<>();
                for (int i = 0; i < samples; i++) {
                    Runnable call = query.getValue().get();
                    long start = System.nanoTime();
                    call.run();
                    micros.add((System.nanoTime() - start) / 1_000);
                }
                List<Long> sorted = micros.stream().sorted().toList();
                double p50 = sorted.get((int) Math.ceil(0.50 * sorted.size()) - 1) / 1000.0;
                double p99 = sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1) / 1000.0;
                table.row("query " + query.getKey(), "p50/p99_ms", String.format(Locale.ROOT, "%.1f / %.1f", p50,
                        p99));
                p99s.put(query.getKey(), (long) Math.ceil(p99));
            }
            return p99s;
        }
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }

    static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
