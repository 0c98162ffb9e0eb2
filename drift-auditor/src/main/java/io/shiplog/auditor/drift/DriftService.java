package io.shiplog.auditor.drift;

import io.shiplog.auditor.config.DriftClusterProperties;
import io.shiplog.cluster.run.RunningClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs one {@link ClusterDriftWorker} per cluster this instance audits while the application runs: of the clusters in
 * the fleet file, those the auditor group assigns to it ({@link #ownershipChanged}; one instance audits a cluster at a
 * time). It changes them while it runs when the fleet file adds, removes or changes a cluster (or turns its drift mode
 * off), and when the group's assignment moves a cluster to or from this instance: a cluster leaving stops after the
 * audit in progress, so its findings are in {@code shiplog.drift} before the next instance rebuilds its open drifts
 * from there.
 */
public final class DriftService implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(DriftService.class);

    /** A cluster audited: its worker and its pool of API requests. */
    public record Running(ClusterDriftWorker worker, ExecutorService pool) {
    }

    /** What a cluster is audited with: its settings and the repository URL its desired state comes from. */
    public record Target(DriftClusterProperties cluster, String repositoryUrl) {
    }

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final RunningClusters<Target, Running> workers;
    private final CompletedApplies applies;
    private final Consumer<Set<String>> preload;
    /** Workers asked to stop and not yet waited for. */
    private final List<Running> stopping = new ArrayList<>();
    private List<Target> configured;
    private Predicate<String> owns = cluster -> false;

    /**
     * @param factory builds a cluster's worker (reading its open drifts from the log), not started
     * @param applies follows completed applies and the group's assignment; built with callbacks into
     *                {@link #auditAfterApply} and {@link #ownershipChanged}
     * @param preload told the clusters about to be built, before the factory builds them (reads their open drifts
     *                in one pass)
     */
    public DriftService(List<Target> targets, Function<Target, Running> factory,
                        Function<DriftService, CompletedApplies> applies, Consumer<Set<String>> preload) {
        this.configured = List.copyOf(targets);
        this.preload = preload;
        // a cluster leaving is only asked to stop here; finishStopping() waits for all of them together
        this.workers = new RunningClusters<>(List.of(), t -> t.cluster().name(), factory,
                running -> running.worker().start(), running -> {
                    running.worker().requestStop();
                    stopping.add(running);
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
        synchronized (this) {
            workers.stop();
            finishStopping();
        }
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
        synchronized (this) {
            configured = List.copyOf(targets);
        }
        RunningClusters.Change<Target> change = apply();
        change.removed().forEach(t -> LOG.info("cluster {} no longer audited for drift (removed from the fleet file, "
                + "or its drift mode is off)", t.cluster().name()));
        change.changed().forEach(t -> LOG.info("cluster {} changed in the fleet file: its drift audit restarts with "
                + "the new settings", t.cluster().name()));
        change.added().forEach(t -> LOG.info("cluster {} audited for drift ({} mode) against {}", t.cluster().name(),
                t.cluster().mode(), t.repositoryUrl()));
    }

    /**
     * The auditor group's assignment changed: {@code owned} tells the clusters this instance audits now; it starts
     * those gained and stops those handed to another instance.
     */
    public void ownershipChanged(Predicate<String> owned) {
        synchronized (this) {
            owns = owned;
        }
        RunningClusters.Change<Target> change = apply();
        if (!change.removed().isEmpty()) {
            LOG.info("{} clusters handed over to another auditor instance: {}", change.removed().size(),
                    change.removed().stream().map(t -> t.cluster().name()).toList());
        }
        if (!change.added().isEmpty()) {
            LOG.info("{} clusters now audited by this instance: {}", change.added().size(),
                    change.added().stream().map(t -> t.cluster().name()).toList());
        }
    }

    private synchronized RunningClusters.Change<Target> apply() {
        List<Target> owned = configured.stream().filter(t -> owns.test(t.cluster().name())).toList();
        Set<String> running = Set.copyOf(workers.names());
        Set<String> gained = owned.stream().map(t -> t.cluster().name()).filter(n -> !running.contains(n))
                .collect(Collectors.toSet());
        if (!gained.isEmpty()) {
            preload.accept(gained);
        }
        return workers.reconfigure(owned, this::finishStopping);
    }

    /** Waits for the workers asked to stop, with one deadline for all, then ends their request threads. */
    private void finishStopping() {
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (Running running : stopping) {
            running.worker().awaitStop(deadline, STOP_GRACE);
            running.pool().shutdownNow();
        }
        stopping.clear();
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

    /** The clusters this instance audits now. */
    public Set<String> clusters() {
        return Set.copyOf(workers.names());
    }
}
