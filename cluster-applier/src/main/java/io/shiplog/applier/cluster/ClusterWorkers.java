package io.shiplog.applier.cluster;

import io.shiplog.applier.config.ClusterProperties;
import io.shiplog.cluster.run.RunningClusters;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The workers of every configured cluster: started with the application, stopped (and their pools) with it, and
 * changed while it runs when the fleet file adds, removes or changes a cluster — an added cluster starts from its
 * consumer group's offsets, a removed one stops (its objects stay in the cluster), a changed one restarts.
 */
public final class ClusterWorkers implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterWorkers.class);

    /** A running cluster: its worker and its pool of API requests. */
    public record Running(ClusterWorker worker, ExecutorService pool) {
    }

    /** What a cluster runs with: its settings and the URL of the repository it follows. */
    public record Target(ClusterProperties cluster, String repositoryUrl) {
    }

    private final RunningClusters<Target, Running> workers;

    /** Workers for {@code targets}, each built by {@code factory} (not started yet). */
    public ClusterWorkers(List<Target> targets, Function<Target, Running> factory) {
        this.workers = new RunningClusters<>(targets, t -> t.cluster().name(), factory,
                running -> running.worker().start(), running -> {
                    running.worker().close();
                    running.pool().shutdownNow();
                });
    }

    public Optional<ClusterWorker> named(String name) {
        return workers.named(name).map(Running::worker);
    }

    public List<ClusterStatus> statuses() {
        return workers.values().stream().map(r -> r.worker().status()).toList();
    }

    /** The names of the clusters being applied. */
    public List<String> names() {
        return workers.names();
    }

    /**
     * Makes {@code targets} the clusters applied: stops those no longer named and those whose settings or
     * repository changed, then builds (and, when running, starts) the new and changed ones.
     */
    public void reconfigure(List<Target> targets) {
        RunningClusters.Change<Target> change = workers.reconfigure(targets);
        change.removed().forEach(t -> LOG.info("cluster {} removed from the fleet file: no longer applied (its "
                + "objects stay)", t.cluster().name()));
        change.changed().forEach(t -> LOG.info("cluster {} changed in the fleet file: its worker restarts with the "
                + "new settings", t.cluster().name()));
        change.added().forEach(t -> LOG.info("cluster {} applied from {} paths {}", t.cluster().name(),
                t.repositoryUrl(), t.cluster().paths()));
    }

    @Override
    public void start() {
        workers.start();
    }

    @Override
    public void stop() {
        workers.stop();
    }

    @Override
    public boolean isRunning() {
        return workers.started();
    }
}
