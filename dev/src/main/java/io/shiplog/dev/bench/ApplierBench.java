package io.shiplog.dev.bench;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.options.PatchOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.applier.config.ClusterProperties;
import io.shiplog.applier.config.TuningProperties;
import io.shiplog.applier.reconcile.Action;
import io.shiplog.applier.reconcile.ApplyRequest;
import io.shiplog.applier.reconcile.ReconcileOutcome;
import io.shiplog.applier.reconcile.Reconciler;
import io.shiplog.applier.reconcile.Trigger;
import io.shiplog.cluster.config.RepositoryProperties;
import io.shiplog.cluster.git.GitHandler;
import io.shiplog.cluster.inventory.InventoryStore;
import io.shiplog.cluster.kube.KubeClients;
import io.shiplog.cluster.kube.KubernetesHandler;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.support.StartupLog;
import io.shiplog.local.support.TempDirs;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.springframework.util.unit.DataSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/bench applier}: the cluster-applier's reconciliation of ConfigMaps, Services and Deployments on a
 * real kube-apiserver (first apply, no-op resync, one changed object), side by side with
 * {@code kubectl apply --server-side} of the same directory on a second API server sharing the same etcd. Both tools
 * first apply a warm-up set of the same size in another namespace (Shiplog until its JVM's CPU per apply has stopped
 * falling twice in a row, at most {@code --warmups}; the harness's garbage is collected before each measured apply):
 * the service is a long-running JVM whose apply path is compiled (the JIT needs a few thousand requests for that),
 * and the API servers are new (the first warm-up's time is reported as {@code cold_first_apply_s}). Before the
 * resyncs the bench writes each Deployment's status as the deployment controller would (envtest runs none), so
 * health is what a real cluster reports. It also reports the CPU seconds the API servers and etcd spent on each
 * tool's first apply, and Shiplog's own; and, on a third API server, the floor: the same objects sent by a minimal
 * Go client ({@link ApplyFloor}), what the API server alone needs for them on this machine; and how much of Shiplog's
 * first apply goes to fetching the commit into a new mirror and parsing it ({@code first_apply_fetch_load_s}). A
 * commit that changes one object is measured {@value #ONE_CHANGES} times ({@code one_change_s} their median,
 * {@code one_change_max_s} the slowest).
 */
@Command(name = "applier", mixinStandardHelpOptions = true,
        description = "Server-side apply of many objects by the cluster-applier and by kubectl, on real API servers.")
public final class ApplierBench implements Callable<Integer> {

    /** Commits that change one object, each measured after the one before. */
    static final int ONE_CHANGES = 5;

    @Option(names = "--quick", description = "60 objects instead of --objects.")
    boolean quick;

    @Option(names = "--objects", defaultValue = "1000", description = "Objects to apply (default ${DEFAULT-VALUE}).")
    int objects;

    @Option(names = "--concurrency", defaultValue = "64",
            description = "In-flight API requests of the applier (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--dry-run-new-objects",
            description = "Dry-run objects that do not exist yet too (tuning.dry-run-new-objects).")
    boolean dryRunNewObjects;

    @Option(names = "--warmups", defaultValue = "10", description = "At most this many first applies of other sets "
            + "of the same size before the measured one, so Shiplog's apply path is compiled as in a service that has "
            + "run a while: they stop once two in a row each cost Shiplog's JVM no less CPU than 90% of the one "
            + "before (steady state; at least three). Default ${DEFAULT-VALUE}; the first is reported as "
            + "cold_first_apply_s.")
    int warmups;

    @Option(names = "--kubectl", description = "kubectl to compare with (default: $SHIPLOG_KUBECTL, else "
            + "scripts/kubectl-binary.sh).")
    Path kubectl;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        StartupLog.printTo(System.err);
        int count = quick ? 60 : objects;
        if (warmups < 3) {
            throw new IllegalArgumentException("--warmups must be at least 3, got " + warmups);
        }
        if (count < 3) {
            throw new IllegalArgumentException("--objects must be at least 3, got " + count);
        }
        Path kubectlBinary = locateKubectl();
        Path work = TempDirs.create("bench-applier");
        Path floorBinary = locate("SHIPLOG_APPLY_FLOOR", "apply-floor-binary.sh");
        List<KubeCluster> clusters = KubeCluster.startMany("shiplog", "kubectl", "floor");
        try (GitServer git = GitServer.start(GitServer.Options.defaults())) {
            Path manifests = work.resolve("manifests");
            writeManifests(manifests, count, "v1", "bench");
            git.createRepository("config");
            String first = git.seed("config", manifests, "bench: " + count + " objects");

            Path warmupManifests = work.resolve("warmup");
            writeManifests(warmupManifests, count, "v1", "warmup");
            git.createRepository("warmup");
            String warmupSha = git.seed("warmup", warmupManifests, "bench: warm-up");

            BenchTable table = new BenchTable(out, "phase", "tool", "objects", "seconds", "created", "configured",
                    "unchanged", "failed");
            double kubectlWarmup = kubectlApply(kubectlBinary, clusters.get(1), warmupManifests);
            table.row("warm-up", "kubectl", count + 1, seconds(kubectlWarmup), "-", "-", "-", "-");
            double serverBefore = ServerCpu.seconds();
            double kubectlFirst = kubectlApply(kubectlBinary, clusters.get(1), manifests);
            double kubectlServerCpu = ServerCpu.seconds() - serverBefore;
            table.row("first apply", "kubectl", count + 1, seconds(kubectlFirst), "-", "-", "-", "-");
            double floorWarmup = ApplyFloor.apply(floorBinary, clusters.get(2), warmupManifests, concurrency, work);
            table.row("warm-up", "apply-floor", count + 1, seconds(floorWarmup), "-", "-", "-", "-");
            serverBefore = ServerCpu.seconds();
            double floorFirst = ApplyFloor.apply(floorBinary, clusters.get(2), manifests, concurrency, work);
            double floorServerCpu = ServerCpu.seconds() - serverBefore;
            table.row("first apply", "apply-floor", count + 1, seconds(floorFirst), "-", "-", "-", "-");

            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            ReconcileOutcome.Completed coldApply = null;
            double previousCpu = Double.MAX_VALUE;
            int warmedUp = 0;
            int flat = 0;
            while (warmedUp < warmups) {
                warmedUp++;
                String repo = warmedUp == 1 ? "warmup" : "warmup-" + warmedUp;
                String sha = warmupSha;
                if (warmedUp > 1) {
                    Path more = work.resolve(repo);
                    writeManifests(more, count, "v1", repo);
                    git.createRepository(repo);
                    sha = git.seed(repo, more, "bench: warm-up " + warmedUp);
                }
                double cpuBefore = ServerCpu.ownSeconds();
                try (Shiplog warmup = new Shiplog(clusters.get(0), git, repo, work.resolve("mirrors-" + repo), pool,
                        concurrency, dryRunNewObjects)) {
                    ReconcileOutcome.Completed applied = warmup.apply(sha, Trigger.COMMIT);
                    coldApply = coldApply == null ? applied : coldApply;
                    row(table, "warm-up " + warmedUp, applied);
                }
                double cpu = ServerCpu.ownSeconds() - cpuBefore;
                flat = cpu >= 0.9 * previousCpu ? flat + 1 : 0;
                if (flat >= 2) {
                    break;
                }
                previousCpu = cpu;
            }
            // the warm-ups' garbage (mirrors, parsed manifests, clients) is the harness's, not the service's
            System.gc();
            try (Shiplog shiplog = new Shiplog(clusters.get(0), git, "config", work.resolve("mirrors"), pool,
                    concurrency, dryRunNewObjects)) {
                serverBefore = ServerCpu.seconds();
                double ownBefore = ServerCpu.ownSeconds();
                ReconcileOutcome.Completed firstApply = shiplog.apply(first, Trigger.COMMIT);
                double shiplogServerCpu = ServerCpu.seconds() - serverBefore;
                double shiplogCpu = ServerCpu.ownSeconds() - ownBefore;
                row(table, "first apply", firstApply);
                markDeploymentsAvailable(clusters.get(0), count);
                List<Long> noops = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    ReconcileOutcome.Completed noop = shiplog.apply(first, Trigger.RESYNC);
                    row(table, "no-op resync", noop);
                    noops.add(noop.durationMs());
                }
                List<Long> changes = new ArrayList<>();
                for (int i = 1; i <= ONE_CHANGES; i++) {
                    writeOne(manifests, "changed-" + i);
                    String changed = git.seed("config", manifests, "bench: one change " + i);
                    System.gc();
                    ReconcileOutcome.Completed change = shiplog.apply(changed, Trigger.COMMIT);
                    row(table, "one change", change);
                    changes.add(change.durationMs());
                }
                double fetchAndLoad;
                try (Shiplog fresh = new Shiplog(clusters.get(0), git, "config", work.resolve("mirrors-fresh"), pool,
                        concurrency, dryRunNewObjects)) {
                    fetchAndLoad = fresh.fetchAndLoad(first);
                }
                double kubectlNoop = kubectlApply(kubectlBinary, clusters.get(1), manifests);
                table.row("one change", "kubectl", count + 1, seconds(kubectlNoop), "-", "-", "-", "-");

                LinkedHashMap<String, Object> summary = new LinkedHashMap<>();
                summary.put("first_apply_s", seconds(firstApply.durationMs() / 1000.0));
                summary.put("cold_first_apply_s", seconds(coldApply.durationMs() / 1000.0));
                summary.put("kubectl_first_apply_s", seconds(kubectlFirst));
                summary.put("first_apply_server_cpu_s", seconds(shiplogServerCpu));
                summary.put("first_apply_shiplog_cpu_s", seconds(shiplogCpu));
                summary.put("kubectl_first_apply_server_cpu_s", seconds(kubectlServerCpu));
                summary.put("first_apply_fetch_load_s", seconds(fetchAndLoad));
                summary.put("floor_first_apply_s", seconds(floorFirst));
                summary.put("floor_first_apply_server_cpu_s", seconds(floorServerCpu));
                summary.put("warmups", warmedUp);
                summary.put("noop_resync_s", seconds(BenchTable.median(noops) / 1000.0));
                summary.put("one_change_s", seconds(BenchTable.median(changes) / 1000.0));
                summary.put("one_change_max_s", seconds(java.util.Collections.max(changes) / 1000.0));
                summary.put("objects", count);
                BenchTable.summary(out, "applier", summary);
            } finally {
                pool.shutdownNow();
            }
        } finally {
            clusters.forEach(KubeCluster::close);
            TempDirs.deleteQuietly(work);
        }
        return 0;
    }

    private static void row(BenchTable table, String phase, ReconcileOutcome.Completed outcome) {
        table.row(phase, "shiplog", outcome.results().size(), seconds(outcome.durationMs() / 1000.0),
                outcome.count(Action.CREATED), outcome.count(Action.CONFIGURED), outcome.count(Action.UNCHANGED),
                outcome.count(Action.FAILED));
        if (outcome.count(Action.FAILED) > 0) {
            throw new IllegalStateException("the applier failed objects: " + outcome.results().stream()
                    .filter(r -> r.action() == Action.FAILED).limit(3).map(r -> r.key() + ": " + r.message()).toList());
        }
    }

    /** The applier's reconciler on one cluster, as the service wires it, without Kafka around it. */
    static final class Shiplog implements AutoCloseable {
        private final GitHandler git;
        private final Reconciler reconciler;
        private final String url;

        Shiplog(KubeCluster cluster, GitServer server, String repo, Path mirrors, ExecutorService pool,
                int concurrency, boolean dryRunNew) {
            this(cluster, server, repo, List.of("."), mirrors, pool, concurrency, dryRunNew);
        }

        Shiplog(KubeCluster cluster, GitServer server, String repo, List<String> paths, Path mirrors,
                ExecutorService pool, int concurrency, boolean dryRunNew) {
            this.url = server.httpUrl(repo);
            RepositoryProperties repository = new RepositoryProperties(repo, url, server.username(),
                    server.password(), null, null, null, Duration.ofSeconds(60));
            ClusterProperties properties = new ClusterProperties("bench-" + repo, repo, "main", paths,
                    cluster.kubeconfigPath(), null, false, "default", List.of(), true, null, Duration.ofMinutes(5),
                    false, false, null, null, null);
            TuningProperties tuning = new TuningProperties(concurrency, Duration.ofSeconds(30), Duration.ZERO,
                    Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(5),
                    Duration.ofMillis(500), dryRunNew, 1_000_000, Duration.ofSeconds(60),
                    DataSize.ofGigabytes(1), true);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            this.git = new GitHandler(mirrors, List.of(repository), meters);
            KubernetesHandler kube = new KubernetesHandler(properties.name(),
                    KubeClients.build(properties.name(), properties.connection(), tuning.requestTimeout(), concurrency), meters);
            this.reconciler = new Reconciler(properties, url, git, kube, new InventoryStore(kube, properties.name()),
                    pool, tuning);
        }

        /** Seconds to fetch {@code sha} into a new mirror and load (parse) what the cluster's paths hold. */
        double fetchAndLoad(String sha) throws Exception {
            long started = System.nanoTime();
            git.load(url, sha, List.of("."));
            return (System.nanoTime() - started) / 1e9;
        }

        ReconcileOutcome.Completed apply(String sha, Trigger trigger) throws InterruptedException {
            ReconcileOutcome outcome = reconciler.reconcile(new ApplyRequest(url, "main", sha, trigger, List.of(),
                    null));
            if (outcome instanceof ReconcileOutcome.Completed completed) {
                return completed;
            }
            throw new IllegalStateException("the apply failed: " + ((ReconcileOutcome.Failed) outcome).message());
        }

        @Override
        public void close() {
            git.close();
        }
    }

    /**
     * Plays the deployment controller, which envtest does not run: each Deployment's status says it rolled out, as a
     * real cluster's would shortly after the first apply (health is read from it).
     */
    private static void markDeploymentsAvailable(KubeCluster cluster, int count) {
        DynamicKubernetesApi deployments = new DynamicKubernetesApi("apps", "v1", "deployments", cluster.apiClient());
        String patch = "{\"status\": {\"observedGeneration\": 1, \"replicas\": 1, \"updatedReplicas\": 1, "
                + "\"readyReplicas\": 1, \"availableReplicas\": 1, \"conditions\": [{\"type\": \"Available\", "
                + "\"status\": \"True\"}]}}";
        for (int i = 2; i < count; i += 3) {
            String name = String.format(Locale.ROOT, "obj-%05d", i);
            var response = deployments.patch("bench", name + "/status", V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                    new V1Patch(patch), new PatchOptions());
            if (!response.isSuccess()) {
                throw new IllegalStateException("cannot write the status of deployment " + name + ": "
                        + response.getStatus());
            }
        }
    }

    /**
     * One namespace, then ConfigMaps, Services and Deployments in equal shares, one file each. Services are headless:
     * the test API server's service range is a /24.
     */
    static void writeManifests(Path dir, int count, String value, String namespace) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("00-namespace.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n"
                    + "  name: " + namespace + "\n");
            for (int i = 0; i < count; i++) {
                String name = String.format(Locale.ROOT, "obj-%05d", i);
                String yaml = switch (i % 3) {
                    case 0 -> configMap(name, value);
                    case 1 -> service(name);
                    default -> deployment(name);
                };
                yaml = yaml.replace("namespace: bench", "namespace: " + namespace);
                Files.writeString(dir.resolve(name + ".yaml"), yaml);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeOne(Path dir, String value) throws IOException {
        Files.writeString(dir.resolve("obj-00000.yaml"), configMap("obj-00000", value));
    }

    private static String configMap(String name, String value) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: bench\ndata:\n"
                + "  value: \"" + value + "\"\n";
    }

    private static String service(String name) {
        return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\n  namespace: bench\nspec:\n"
                + "  clusterIP: None\n  selector:\n    app: " + name + "\n  ports:\n  - port: 80\n    targetPort: 8080\n";
    }

    private static String deployment(String name) {
        return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name + "\n  namespace: bench\nspec:\n"
                + "  replicas: 1\n  selector:\n    matchLabels:\n      app: " + name + "\n  template:\n    metadata:\n"
                + "      labels:\n        app: " + name + "\n    spec:\n      containers:\n      - name: app\n"
                + "        image: registry.local/" + name + ":1.0.0\n";
    }

    /** Seconds taken by {@code kubectl apply --server-side --force-conflicts -R -f dir}. */
    private static double kubectlApply(Path kubectl, KubeCluster cluster, Path dir) throws Exception {
        List<String> command = List.of(kubectl.toString(), "--kubeconfig", cluster.kubeconfigPath().toString(),
                "apply", "--server-side", "--force-conflicts", "-R", "-f", dir.toString());
        Path output = Files.createTempFile("kubectl-apply", ".log");
        try {
            long started = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl apply did not finish within 10 minutes");
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (process.exitValue() != 0) {
                List<String> lines = Files.readAllLines(output);
                throw new IllegalStateException("kubectl apply failed with code " + process.exitValue() + ": "
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size())));
            }
            return seconds;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private Path locateKubectl() throws IOException, InterruptedException {
        return kubectl != null ? kubectl : locate("SHIPLOG_KUBECTL", "kubectl-binary.sh");
    }

    /** The program named by {@code variable}, else the one {@code scripts/<script>} builds (cached) and prints. */
    private static Path locate(String variable, String script) throws IOException, InterruptedException {
        String fromEnv = System.getenv(variable);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        Path builder = Path.of(System.getProperty("shiplog.repo.root", "."), "scripts", script);
        if (!Files.isExecutable(builder)) {
            throw new IllegalStateException("set " + variable + ", or run from the repository root so scripts/"
                    + script + " can build the program");
        }
        Process process = new ProcessBuilder(builder.toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String path = new String(process.getInputStream().readAllBytes()).strip();
        if (process.waitFor() != 0 || path.isEmpty()) {
            throw new IllegalStateException(builder + " failed with code " + process.exitValue());
        }
        return Path.of(path);
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }
}
