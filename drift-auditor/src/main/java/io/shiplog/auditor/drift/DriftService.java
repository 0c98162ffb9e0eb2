package io.shiplog.auditor.drift;

import io.shiplog.auditor.config.DriftClusterProperties;
import io.shiplog.cluster.run.RunningClusters;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs one {@link ClusterDriftWorker} per configured cluster while the application runs, and changes them while it
 * runs when the fleet file adds, removes or changes a cluster (or turns its drift mode off).
 */
public final class DriftService implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(DriftService.class);

    /** A cluster audited: its worker and its pool of API requests. */
    public record Running(ClusterDriftWorker worker, ExecutorService pool) {
    }

    /** What a cluster is audited with: its settings and the repository URL its desired state comes from. */
    public record Target(DriftClusterProperties cluster, String repositoryUrl) {
    }

    private final RunningClusters<Target, Running> workers;
    private final CompletedApplies applies;

    /**
     * @param factory builds a cluster's worker (reading its open drifts from the log), not started
     * @param applies follows completed applies; built with a callback into {@link #auditAfterApply}
     */
    public DriftService(List<Target> targets, Function<Target, Running> factory,
                        Function<DriftService, CompletedApplies> applies) {
        this.workers = new RunningClusters<>(targets, t -> t.cluster().name(), factory,
                running -> running.worker().start(), running -> {
                    running.worker().stop();
                    running.pool().shutdownNow();
                });
        this.applies = applies.apply(this);
    }

    @Override
    public void start() {
        workers.start();
        applies.start();
    }

    @Override
    public void stop() {
        applies.close();
        workers.stop();
    }

    @Override
    public boolean isRunning() {
        return workers.started();
    }

    /**
     * Makes {@code targets} the audited clusters: stops those no longer named (or whose drift is now off) and those
     * whose settings or repository changed, then builds and starts the new and changed ones.
     */
    public void reconfigure(List<Target> targets) {
        RunningClusters.Change<Target> change = workers.reconfigure(targets);
        change.removed().forEach(t -> LOG.info("cluster {} no longer audited for drift (removed from the fleet file, "
                + "or its drift mode is off)", t.cluster().name()));
        change.changed().forEach(t -> LOG.info("cluster {} changed in the fleet file: its drift audit restarts with "
                + "the new settings", t.cluster().name()));
        change.added().forEach(t -> LOG.info("cluster {} audited for drift ({} mode) against {}", t.cluster().name(),
                t.cluster().mode(), t.repositoryUrl()));
    }

    /** {@code cluster} completed an apply: it is audited once the apply settled; false when not audited here. */
    public boolean auditAfterApply(String cluster) {
        Optional<Running> running = workers.named(cluster);
        running.ifPresent(r -> r.worker().auditAfterApply());
        return running.isPresent();
    }

    /** Starts a full audit of {@code cluster} now; false when no such cluster is configured. */
    public boolean auditNow(String cluster) {
        Optional<Running> running = workers.named(cluster);
        running.ifPresent(r -> r.worker().auditNow());
        return running.isPresent();
    }

    public Set<String> clusters() {
        return Set.copyOf(workers.names());
    }
}
