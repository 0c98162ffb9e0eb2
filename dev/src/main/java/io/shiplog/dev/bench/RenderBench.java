package io.shiplog.dev.bench;

import io.shiplog.applier.reconcile.Action;
import io.shiplog.applier.reconcile.ObjectOutcome;
import io.shiplog.applier.reconcile.ReconcileOutcome;
import io.shiplog.applier.reconcile.Trigger;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.render.RenderToolsDir;
import io.shiplog.local.support.StartupLog;
import io.shiplog.local.support.TempDirs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/bench render}: a config repository of kustomize units (each an overlay of one shared base with a
 * strategic-merge patch, a JSON6902 patch, {@code images:} and a ConfigMap generator) and Flux HelmReleases of a chart
 * kept in the repository, applied by the applier's reconciler to a real API server with the real kustomize and helm:
 * the cold render+apply, then a commit that changes one unit. For comparison, {@code kustomize build} run on every
 * unit one after the other, as a script would.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Cold render+apply of many kustomize units and Helm releases, then a one-unit change; compared "
                + "with kustomize build run on each unit serially.")
public final class RenderBench implements Callable<Integer> {

    private static final String REPOSITORY = "render-config";
    private static final String PATH = "clusters/bench";

    @Option(names = "--quick", description = "20 kustomize units and 2 Helm releases instead of the defaults.")
    boolean quick;

    @Option(names = "--units", defaultValue = "200", description = "Kustomize units (default ${DEFAULT-VALUE}).")
    int units;

    @Option(names = "--helm-releases", defaultValue = "20", description = "Helm releases (default ${DEFAULT-VALUE}).")
    int helmReleases;

    @Option(names = "--concurrency", defaultValue = "16", description = "API requests at once (default "
            + "${DEFAULT-VALUE}).")
    int concurrency;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        StartupLog.printTo(System.err);
        int unitCount = quick ? 20 : units;
        int releaseCount = quick ? 2 : helmReleases;
        Path tools = RenderToolsDir.locate();
        Path work = TempDirs.create("bench-render");
        boolean succeeded = false;
        KubeCluster cluster = KubeCluster.start("render");
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try (GitServer git = GitServer.start(GitServer.Options.defaults())) {
            git.createRepository(REPOSITORY);
            Path tree = work.resolve("tree");
            RenderRepository.write(tree, git.httpUrl(REPOSITORY), PATH, unitCount, releaseCount, "1");
            String first = git.seed(REPOSITORY, tree, "bench: " + unitCount + " kustomize units, " + releaseCount
                    + " Helm releases");

            BenchTable table = new BenchTable(out, "phase", "units", "objects", "seconds", "created", "configured",
                    "unchanged", "failed");
            long serialStarted = System.nanoTime();
            int built = 0;
            for (Path unit : RenderRepository.kustomizeUnits(tree, PATH)) {
                kustomizeBuild(tools.resolve("kustomize"), unit);
                built++;
            }
            double serial = (System.nanoTime() - serialStarted) / 1e9;
            table.row("kustomize serial", built, "-", seconds(serial), "-", "-", "-", "-");

            try (ApplierBench.Shiplog shiplog = new ApplierBench.Shiplog(cluster, git, REPOSITORY, List.of(PATH),
                    work.resolve("mirrors"), pool, concurrency, false)) {
                ReconcileOutcome.Completed cold = shiplog.apply(first, Trigger.COMMIT);
                row(table, "cold render+apply", unitCount + releaseCount, cold);
                RenderRepository.changeOneUnit(tree, PATH, "2");
                String second = git.seed(REPOSITORY, tree, "bench: change one unit");
                ReconcileOutcome.Completed change = shiplog.apply(second, Trigger.COMMIT);
                row(table, "one unit changed", 1, change);
                if (change.count(Action.CONFIGURED) < 1) {
                    throw new IllegalStateException("the one-unit change configured nothing");
                }
                LinkedHashMap<String, Object> summary = new LinkedHashMap<>();
                summary.put("units", unitCount + releaseCount);
                summary.put("objects", cold.results().size());
                summary.put("cold_s", seconds(cold.durationMs() / 1000.0));
                summary.put("one_change_ms", change.durationMs());
                summary.put("kustomize_cli_serial_s", seconds(serial));
                BenchTable.summary(out, "render", summary);
            }
            succeeded = true;
        } finally {
            pool.shutdownNow();
            cluster.close();
            if (succeeded) {
                TempDirs.deleteQuietly(work);
            } else {
                System.err.println("bench: failed; the generated repository is kept under " + work.resolve("tree"));
            }
        }
        return 0;
    }

    private static void row(BenchTable table, String phase, int units, ReconcileOutcome.Completed outcome) {
        table.row(phase, units, outcome.results().size(), seconds(outcome.durationMs() / 1000.0),
                outcome.count(Action.CREATED), outcome.count(Action.CONFIGURED), outcome.count(Action.UNCHANGED),
                outcome.count(Action.FAILED));
        if (outcome.count(Action.FAILED) > 0) {
            throw new IllegalStateException("the applier failed objects: " + outcome.results().stream()
                    .filter(r -> r.action() == Action.FAILED).limit(3).map(ObjectOutcome::message).toList());
        }
    }

    /** {@code kustomize build DIR}, its output discarded. */
    private static void kustomizeBuild(Path kustomize, Path unit) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(kustomize.toString(), "build", unit.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(false).start();
        String error = new String(process.getErrorStream().readAllBytes());
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("kustomize build " + unit + " failed: " + error.strip());
        }
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }
}
