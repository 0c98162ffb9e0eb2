package io.shiplog.applier.cluster;

import io.shiplog.applier.config.ClusterProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** A running cluster: its settings, its worker and its pool of API requests. */
    public record Running(ClusterProperties cluster, String repositoryUrl, ClusterWorker worker,
                          ExecutorService pool) {
    }

    /** What a cluster runs with: its settings and the URL of the repository it follows. */
    public record Target(ClusterProperties cluster, String repositoryUrl) {
    }

    private final Function<Target, Running> factory;
    private final Map<String, Running> workers = new LinkedHashMap<>();
    private boolean running;

    /** Workers for {@code targets}, each built by {@code factory} (not started yet). */
    public ClusterWorkers(List<Target> targets, Function<Target, Running> factory) {
        this.factory = factory;
        targets.forEach(t -> workers.put(t.cluster().name(), factory.apply(t)));
    }

    public synchronized Optional<ClusterWorker> named(String name) {
        return Optional.ofNullable(workers.get(name)).map(Running::worker);
    }

    public synchronized List<ClusterStatus> statuses() {
        return workers.values().stream().map(r -> r.worker().status()).toList();
    }

    /** The names of the clusters being applied. */
    public synchronized List<String> names() {
        return List.copyOf(workers.keySet());
    }

    /**
     * Makes {@code targets} the clusters applied: stops those no longer named and those whose settings or
     * repository changed, then builds (and, when running, starts) the new and changed ones.
     */
    public synchronized void reconfigure(List<Target> targets) {
        Map<String, Target> wanted = new LinkedHashMap<>();
        targets.forEach(t -> wanted.put(t.cluster().name(), t));
        for (Running current : new ArrayList<>(workers.values())) {
            Target next = wanted.get(current.cluster().name());
            if (next == null || !next.cluster().equals(current.cluster())
                    || !next.repositoryUrl().equals(current.repositoryUrl())) {
                stop(current);
                workers.remove(current.cluster().name());
                LOG.info("cluster {} {}", current.cluster().name(), next == null
                        ? "removed from the fleet file: no longer applied (its objects stay)"
                        : "changed in the fleet file: its worker restarts with the new settings");
            }
        }
        for (Target target : wanted.values()) {
            if (!workers.containsKey(target.cluster().name())) {
                Running added = factory.apply(target);
                workers.put(target.cluster().name(), added);
                if (running) {
                    added.worker().start();
                }
                LOG.info("cluster {} applied from {} paths {}", target.cluster().name(), target.repositoryUrl(),
                        target.cluster().paths());
            }
        }
    }

    @Override
    public synchronized void start() {
        workers.values().forEach(r -> r.worker().start());
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        workers.values().forEach(ClusterWorkers::stop);
    }

    private static void stop(Running running) {
        running.worker().close();
        running.pool().shutdownNow();
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }
}
