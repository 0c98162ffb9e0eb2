package io.shiplog.dev.bench;

import io.shiplog.applier.reconcile.Trigger;
import io.shiplog.auditor.DriftAuditorApplication;
import io.shiplog.auditor.drift.DriftService;
import io.shiplog.events.AuditCompleted;
import io.shiplog.events.DriftDetected;
import io.shiplog.events.DriftEvent;
import io.shiplog.schemas.serde.ShiplogAvroDeserializer;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicProvisioner;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.kafka.TopicTail;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.kube.ServerSideApplier;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import io.shiplog.local.support.StartupLog;
import io.shiplog.local.support.TempDirs;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/bench drift} (also part of {@code scripts/bench auditor}): the drift-auditor service on a real
 * apiserver holding objects the applier put there: full audits of every object, and the time from an ad-hoc edit
 * to its {@code DriftDetected} event on the real broker.
 */
@Command(name = "drift", mixinStandardHelpOptions = true,
        description = "Drift audits of many objects and drift detection latency, on a real API server and broker.")
public final class DriftBench implements Callable<Integer> {

    private static final String CLUSTER = "bench-drift";

    @Option(names = "--quick", description = "60 objects instead of --objects.")
    boolean quick;

    @Option(names = "--objects", defaultValue = "1000", description = "Objects to audit (default ${DEFAULT-VALUE}).")
    int objects;

    @Option(names = "--edits", defaultValue = "10", description = "Ad-hoc edits to time (default ${DEFAULT-VALUE}).")
    int edits;

    @Override
    public Integer call() throws Exception {
        StartupLog.printTo(System.err);
        try (KafkaBroker kafka = KafkaBroker.start(); SchemaRegistry registry = SchemaRegistry.start(kafka);
             KubeCluster kube = KubeCluster.start("drift");
             GitServer git = GitServer.start(GitServer.Options.defaults())) {
            Map<String, Object> figures = run(System.out, kafka, registry, kube, git, quick ? 60 : objects,
                    quick ? 3 : edits);
            BenchTable.summary(System.out, "drift", new LinkedHashMap<>(figures));
        }
        return 0;
    }

    /** The drift phase of {@code scripts/bench auditor}: its own apiserver and git server, the auditor's broker. */
    static void phase(AuditorBench.Infrastructure infrastructure, BenchTable table,
                      LinkedHashMap<String, Object> summary, boolean quick) throws Exception {
        try (KubeCluster kube = KubeCluster.start("drift");
             GitServer git = GitServer.start(GitServer.Options.defaults())) {
            Map<String, Object> figures = run(System.out, infrastructure.kafka(), infrastructure.registry(), kube, git,
                    quick ? 60 : 1000, quick ? 3 : 10);
            summary.put("drift_audit_1000_s", figures.get("drift_audit_1000_s"));
            summary.put("drift_detect_ms", figures.get("drift_detect_ms"));
        }
    }

    /** Runs the benchmark on the given infrastructure; answers {@code drift_audit_1000_s} and {@code drift_detect_ms}. */
    static Map<String, Object> run(PrintStream out, KafkaBroker kafka, SchemaRegistry registry, KubeCluster kube,
                                   GitServer git, int count, int editCount) throws Exception {
        Path work = TempDirs.create("bench-drift");
        ExecutorService pool = Executors.newFixedThreadPool(32);
        TopicProvisioner.provisionCatalogue(kafka.bootstrapServers());
        try (DriftEvents events = new DriftEvents(kafka, registry)) {
            Path manifests = work.resolve("manifests");
            ApplierBench.writeManifests(manifests, count, "v1", "bench");
            git.createRepository("drift");
            String sha = git.seed("drift", manifests, "bench: " + count + " objects");
            try (ApplierBench.Shiplog applier = new ApplierBench.Shiplog(kube, git, "drift", work.resolve("mirrors"),
                    pool, 32, false)) {
                applier.apply(sha, Trigger.COMMIT);
            }
            BenchTable table = new BenchTable(out, "phase", "objects", "ms", "in_sync", "modified", "deleted");
            ConfigurableApplicationContext auditor = DriftAuditorApplication.application().run(
                    "--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                    "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                    "--spring.kafka.properties.schema.registry.url=" + registry.url(),
                    "--shiplog.audit.api.token=bench-token-" + java.util.UUID.randomUUID(),
                    "--shiplog.audit.store.url=jdbc:sqlite:" + work.resolve("audit-store").toAbsolutePath() + "/audit.db",
                    "--shiplog.drift.tuning.concurrency=32",
                    "--shiplog.drift.repositories[0].name=drift",
                    "--shiplog.drift.repositories[0].url=" + git.httpUrl("drift"),
                    "--shiplog.drift.repositories[0].username=" + git.username(),
                    "--shiplog.drift.repositories[0].password=" + git.password(),
                    "--shiplog.drift.clusters[0].name=" + CLUSTER,
                    "--shiplog.drift.clusters[0].paths=.",
                    "--shiplog.drift.clusters[0].kubeconfig=" + kube.kubeconfigPath());
            try {
                DriftService service = auditor.getBean(DriftService.class);
                AuditCompleted first = events.next(AuditCompleted.class, a -> sha.equals(a.getCommitSha()));
                row(table, "first audit", first);
                List<Long> audits = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    service.auditNow(CLUSTER);
                    AuditCompleted audit = events.next(AuditCompleted.class, a -> true);
                    row(table, "audit", audit);
                    audits.add(audit.getDurationMs());
                }
                List<Long> detections = new ArrayList<>();
                ServerSideApplier hand = new ServerSideApplier(kube.apiClient(), "bench-edit");
                for (int i = 0; i < editCount; i++) {
                    String name = String.format(Locale.ROOT, "obj-%05d", (i * 3) % count);
                    long started = System.nanoTime();
                    hand.apply("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name
                            + "\n  namespace: bench\ndata:\n  value: \"edited-" + i + "\"\n");
                    events.next(DriftDetected.class, d -> d.getObject().getName().equals(name));
                    long ms = (System.nanoTime() - started) / 1_000_000;
                    detections.add(ms);
                    table.row("edit→detected", 1, ms, "-", 1, "-");
                }
                LinkedHashMap<String, Object> figures = new LinkedHashMap<>();
                figures.put("drift_audit_1000_s", String.format(Locale.ROOT, "%.2f",
                        BenchTable.median(audits) * (1000.0 / count) / 1000.0));
                figures.put("drift_detect_ms", BenchTable.median(detections));
                figures.put("drift_objects", count);
                return figures;
            } finally {
                auditor.close();
            }
        } finally {
            pool.shutdownNow();
            TempDirs.deleteQuietly(work);
        }
    }

    private static void row(BenchTable table, String phase, AuditCompleted audit) {
        table.row(phase, audit.getObjectsChecked(), audit.getDurationMs(), audit.getInSync(), audit.getModified(),
                audit.getDeleted());
    }

    /** The drift events published from now on. */
    private static final class DriftEvents implements AutoCloseable {
        private final TopicTail tail;
        private int cursor;

        DriftEvents(KafkaBroker kafka, SchemaRegistry registry) {
            tail = TopicTail.fromEnd(kafka.bootstrapServers(), ShiplogAvroDeserializer.specificReaderConfig(
                    registry.url()), List.of(TopicCatalogue.DRIFT.name()));
        }

        /** The next drift payload after those already returned that is a {@code type} matching {@code matching}. */
        <T> T next(Class<T> type, Predicate<T> matching) throws InterruptedException {
            TopicTail.Received found = tail.await(cursor, r -> r.value() instanceof DriftEvent event
                    && type.isInstance(event.getPayload()) && matching.test(type.cast(event.getPayload())),
                    Duration.ofMinutes(5), type.getSimpleName());
            cursor = found.index() + 1;
            return type.cast(((DriftEvent) found.value()).getPayload());
        }

        @Override
        public void close() {
            tail.close();
        }
    }
}
