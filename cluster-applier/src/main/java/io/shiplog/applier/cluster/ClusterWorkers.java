package io.shiplog.applier.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.springframework.context.SmartLifecycle;

/** The workers of every configured cluster: started with the application, stopped (and their pools) with it. */
public final class ClusterWorkers implements SmartLifecycle {

    private final Map<String, ClusterWorker> workers = new LinkedHashMap<>();
    private final List<ExecutorService> pools;
    private volatile boolean running;

    public ClusterWorkers(List<ClusterWorker> workers, List<ExecutorService> pools) {
        workers.forEach(w -> this.workers.put(w.name(), w));
        this.pools = List.copyOf(pools);
    }

    public Optional<ClusterWorker> named(String name) {
        return Optional.ofNullable(workers.get(name));
    }

    public List<ClusterStatus> statuses() {
        return workers.values().stream().map(ClusterWorker::status).toList();
    }

    @Override
    public void start() {
        workers.values().forEach(ClusterWorker::start);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        workers.values().forEach(ClusterWorker::close);
        pools.forEach(ExecutorService::shutdownNow);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
