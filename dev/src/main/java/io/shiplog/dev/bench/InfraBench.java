package io.shiplog.dev.bench;

import io.shiplog.local.git.GitServer;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.oci.ContainerRegistry;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import io.shiplog.local.support.StartupLog;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/bench infra}: how long each real component takes to become ready, started from cold in a fresh
 * JVM (iteration 1) and again warm. Summary keys are medians over the iterations, in milliseconds.
 */
@Command(name = "infra", mixinStandardHelpOptions = true,
        description = "Start-up time of each real component: Kafka (KRaft), schema registry, etcd, kube-apiserver, "
                + "docker-registry, git server.")
public final class InfraBench implements Callable<Integer> {

    private static final List<String> KEYS = List.of("kafka_ms", "schema_registry_ms", "etcd_ms",
            "kube_apiserver_ms", "docker_registry_ms", "git_server_ms");

    @Option(names = "--quick", description = "One iteration instead of --iterations.")
    boolean quick;

    @Option(names = "--iterations", defaultValue = "5", description = "Iterations (default ${DEFAULT-VALUE}).")
    int iterations;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        StartupLog.printTo(System.err);
        int runs = quick ? 1 : iterations;
        if (runs < 1) {
            throw new IllegalArgumentException("--iterations must be at least 1, got " + runs);
        }
        String[] columns = {"iteration", "kafka_ms", "registry_ms", "etcd_ms", "apiserver_ms", "docker_reg_ms",
            "git_server_ms", "total_ms"};
        BenchTable table = new BenchTable(out, columns);
        Map<String, List<Long>> samples = new LinkedHashMap<>();
        long firstTotal = 0;
        for (int i = 1; i <= runs; i++) {
            Map<String, Long> row = runOnce();
            long total = row.values().stream().mapToLong(Long::longValue).sum();
            if (i == 1) {
                firstTotal = total;
            }
            row.forEach((key, value) -> samples.computeIfAbsent(key, k -> new ArrayList<>()).add(value));
            Object[] cells = new Object[KEYS.size() + 2];
            cells[0] = i;
            for (int k = 0; k < KEYS.size(); k++) {
                cells[k + 1] = row.get(KEYS.get(k));
            }
            cells[KEYS.size() + 1] = total;
            table.row(cells);
        }
        LinkedHashMap<String, Object> summary = new LinkedHashMap<>();
        for (String key : KEYS) {
            summary.put(key, BenchTable.median(samples.get(key)));
        }
        summary.put("cold_total_ms", firstTotal);
        summary.put("iterations", runs);
        BenchTable.summary(out, "infra", summary);
        return 0;
    }

    private static Map<String, Long> runOnce() {
        Map<String, Long> row = new LinkedHashMap<>();
        try (KafkaBroker kafka = timed(row, "kafka_ms", KafkaBroker::start);
             SchemaRegistry registry = timed(row, "schema_registry_ms", () -> SchemaRegistry.start(kafka));
             KubeCluster kube = KubeCluster.start("bench");
             ContainerRegistry images = timed(row, "docker_registry_ms", ContainerRegistry::start);
             GitServer git = timed(row, "git_server_ms", () -> GitServer.start(GitServer.Options.defaults()))) {
            row.put("etcd_ms", millis(StartupLog.times().get("etcd")));
            row.put("kube_apiserver_ms", millis(StartupLog.times().get("kube-apiserver")));
        }
        return row;
    }

    private static <T> T timed(Map<String, Long> row, String key, Supplier<T> start) {
        long started = System.nanoTime();
        T handle = start.get();
        row.put(key, Duration.ofNanos(System.nanoTime() - started).toMillis());
        return handle;
    }

    private static long millis(Duration duration) {
        return duration == null ? -1 : duration.toMillis();
    }
}
