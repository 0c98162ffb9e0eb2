package io.shiplog.auditor.drift;

import io.shiplog.auditor.config.DriftClusterProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** A cluster audited: its settings, the repository URL its desired state comes from, its worker and pool. */
    public record Running(DriftClusterProperties cluster, String repositoryUrl, ClusterDriftWorker worker,
                          ExecutorService pool) {
    }

    /** What a cluster is audited with. */
    public record Target(DriftClusterProperties cluster, String repositoryUrl) {
    }

    private final Function<Target, Running> factory;
    private final Map<String, Running> workers = new LinkedHashMap<>();
    private final CompletedApplies applies;
    private boolean running;

    /**
     * @param factory builds a cluster's worker (reading its open drifts from the log), not started
     * @param applies follows completed applies; built with a callback into {@link #auditNow}
     */
    public DriftService(List<Target> targets, Function<Target, Running> factory,
                        Function<DriftService, CompletedApplies> applies) {
        this.factory = factory;
        targets.forEach(t -> workers.put(t.cluster().name(), factory.apply(t)));
        this.applies = applies.apply(this);
    }

    @Override
    public synchronized void start() {
        workers.values().forEach(r -> r.worker().start());
        applies.start();
        running = true;
    }

    @Override
    public synchronized void stop() {
        applies.close();
        workers.values().forEach(DriftService::stop);
        running = false;
    }

    private static void stop(Running running) {
        running.worker().stop();
        running.pool().shutdownNow();
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    /**
     * Makes {@code targets} the audited clusters: stops those no longer named (or whose drift is now off) and those
     * whose settings or repository changed, then builds and starts the new and changed ones.
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
                        ? "no longer audited for drift (removed from the fleet file, or its drift mode is off)"
                        : "changed in the fleet file: its drift audit restarts with the new settings");
            }
        }
        for (Target target : wanted.values()) {
            if (!workers.containsKey(target.cluster().name())) {
                Running added = factory.apply(target);
                workers.put(target.cluster().name(), added);
                if (running) {
                    added.worker().start();
                }
                LOG.info("cluster {} audited for drift ({} mode) against {}", target.cluster().name(),
                        target.cluster().mode(), target.repositoryUrl());
            }
        }
    }

    /** {@code cluster} completed an apply: it is audited once the apply settled; false when not audited here. */
    public synchronized boolean auditAfterApply(String cluster) {
        Running worker = workers.get(cluster);
        if (worker == null) {
            return false;
        }
        worker.worker().auditAfterApply();
        return true;
    }

    /** Starts a full audit of {@code cluster} now; false when no such cluster is configured. */
    public synchronized boolean auditNow(String cluster) {
        Running worker = workers.get(cluster);
        if (worker == null) {
            return false;
        }
        worker.worker().auditNow();
        return true;
    }

    public synchronized Set<String> clusters() {
        return Set.copyOf(workers.keySet());
    }
}
