package io.shiplog.auditor.drift;

import java.util.List;
import java.util.Map;
import io.shiplog.auditor.drift.events.AppliesFollower;
import java.util.concurrent.ExecutorService;
import org.springframework.context.SmartLifecycle;

/** Runs one {@link ClusterDriftWorker} per configured cluster while the application runs. */
public final class DriftService implements SmartLifecycle {

    private final Map<String, ClusterDriftWorker> workers;
    private final List<ExecutorService> pools;
    private final AppliesFollower applies;
    private volatile boolean running;

    /** @param applies follows completed applies (null when there are no clusters) */
    DriftService(Map<String, ClusterDriftWorker> workers, List<ExecutorService> pools, AppliesFollower applies) {
        this.workers = workers;
        this.pools = pools;
        this.applies = applies;
    }

    @Override
    public void start() {
        workers.values().forEach(ClusterDriftWorker::start);
        if (applies != null) {
            applies.start();
        }
        running = true;
    }

    @Override
    public void stop() {
        if (applies != null) {
            applies.close();
        }
        workers.values().forEach(ClusterDriftWorker::stop);
        pools.forEach(ExecutorService::shutdownNow);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts a full audit of {@code cluster} now; false when no such cluster is configured. */
    public boolean auditNow(String cluster) {
        ClusterDriftWorker worker = workers.get(cluster);
        if (worker == null) {
            return false;
        }
        worker.auditNow();
        return true;
    }

    public java.util.Set<String> clusters() {
        return workers.keySet();
    }
}
