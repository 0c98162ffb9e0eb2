package io.shiplog.applier.replay;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.applier.config.ApplierProperties;
import io.shiplog.applier.config.ClusterProperties;
import io.shiplog.applier.reconcile.ApplyReport;
import io.shiplog.applier.reconcile.ApplyReporter;
import io.shiplog.applier.reconcile.ApplyRequest;
import io.shiplog.applier.reconcile.ReconcileOutcome;
import io.shiplog.applier.reconcile.Reconciler;
import io.shiplog.applier.reconcile.ReportedReconcile;
import io.shiplog.cluster.git.GitHandler;
import io.shiplog.cluster.render.ObjectDecryptor;
import io.shiplog.cluster.render.pipeline.Renderer;
import io.shiplog.cluster.render.tool.RenderTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * A replay run in this process instead of by a running applier, into a cluster given by its own kubeconfig (a
 * replacement that no applier knows yet), so no credentials travel over Kafka. The commit is chosen by
 * {@link ReplayPlanner} exactly as the applier chooses it, and applied by the applier's own {@link Reconciler}
 * (same stages, server-side apply, inventory and labels) under the recorded cluster's name, repository, paths and
 * namespace options; {@code ApplyStarted}/{@code ApplyCompleted} (or {@code ApplyFailed}) with trigger {@code REPLAY}
 * go to the reporter.
 */
public final class DirectReplay implements AutoCloseable {

    private final ClusterProperties cluster;
    private final String repositoryUrl;
    private final Path mirrors;
    private final GitHandler git;
    private final ExecutorService pool;
    private final Reconciler reconciler;
    private final ReplayPlanner planner;
    private final ApplyReporter reporter;

    private DirectReplay(ClusterProperties cluster, String repositoryUrl, Path mirrors, GitHandler git,
                         ExecutorService pool, Reconciler reconciler, ReplayPlanner planner, ApplyReporter reporter) {
        this.cluster = cluster;
        this.repositoryUrl = repositoryUrl;
        this.mirrors = mirrors;
        this.git = git;
        this.pool = pool;
        this.reconciler = reconciler;
        this.planner = planner;
        this.reporter = reporter;
    }

    /**
     * Prepares the replay of {@code clusterName} as {@code config} defines it, into the API server of
     * {@code kubeconfig} (its {@code context}, or its current one when null).
     *
     * @throws IllegalArgumentException when the cluster is not configured or the configuration is invalid
     */
    public static DirectReplay prepare(ApplierProperties config, String clusterName, Path kubeconfig, String context,
                                       ReplayPlanner planner, ApplyReporter reporter) {
        ClusterProperties recorded = config.clusters().stream().filter(c -> c.name().equals(clusterName))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("cluster '" + clusterName
                        + "' is not in the applier configuration (clusters: "
                        + config.clusters().stream().map(ClusterProperties::name).toList() + ")"));
        ClusterProperties into = new ClusterProperties(recorded.name(), recorded.repository(), recorded.branch(),
                recorded.paths(), kubeconfig, context, false, recorded.defaultNamespace(), recorded.namespaces(),
                recorded.clusterScoped(), recorded.impersonate(), recorded.resyncInterval(),
                recorded.allowEmptyPrune(), false, recorded.inventoryId(), recorded.healthTimeout(), recorded.decryption());
        Path mirrors;
        try {
            mirrors = Files.createTempDirectory("shiplog-replay-mirrors");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the git mirror", e);
        }
        ApplierProperties checked;
        try {
            checked = new ApplierProperties(mirrors, List.of(config.repositoryOf(recorded)), List.of(into),
                    config.tuning()).validated();
        } catch (IllegalStateException e) {
            delete(mirrors);
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Renderer renderer = new Renderer(checked.tuning().renderSettings(mirrors.resolve(".render")),
                RenderTools.fromEnvironment(), ObjectDecryptor.NONE, meters);
        GitHandler git = new GitHandler(mirrors, checked.repositories(), meters, renderer);
        ExecutorService pool = Reconciler.requestPool(into, checked.tuning());
        try {
            String url = checked.repositoryOf(into).url();
            Reconciler reconciler = Reconciler.forCluster(into, url, git, pool, checked.tuning(), meters);
            return new DirectReplay(into, url, mirrors, git, pool, reconciler, planner, reporter);
        } catch (RuntimeException e) {
            pool.shutdownNow();
            git.close();
            delete(mirrors);
            throw e;
        }
    }

    /** The cluster as it is applied (the recorded one's options, the given kubeconfig). */
    public ClusterProperties cluster() {
        return cluster;
    }

    /**
     * Plans and applies {@code replay}; reports {@code ApplyFailed} when the log has no such apply or the cluster
     * cannot be reconciled at all (no retry: the caller decides).
     */
    public ReconcileOutcome run(ReplayRequest replay) throws InterruptedException {
        Optional<ApplyRequest> planned = planner.plan(replay, repositoryUrl, cluster.branch());
        ReconcileOutcome outcome = planned.isPresent()
                ? ReportedReconcile.run(reconciler, cluster.name(), planned.get(), reporter)
                : new ReconcileOutcome.Failed(ReplayPlanner.unplanned(replay, repositoryUrl, cluster.branch()),
                        ReconcileOutcome.FailureReason.LOAD_FAILED, ReplayPlanner.noApplyMessage(replay));
        if (outcome instanceof ReconcileOutcome.Failed failed) {
            reporter.report(new ApplyReport.Failed(cluster.name(), failed, 1, null));
        }
        return outcome;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        git.close();
        delete(mirrors);
    }

    private static void delete(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp mirror is harmless
        }
    }
}
