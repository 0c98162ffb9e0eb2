package io.shiplog.applier.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.shiplog.applier.config.ClusterProperties;
import io.shiplog.applier.config.TuningProperties;
import io.shiplog.applier.reconcile.ApplyReport;
import io.shiplog.applier.reconcile.ApplyReporter;
import io.shiplog.applier.reconcile.ApplyRequest;
import io.shiplog.applier.reconcile.ReconcileOutcome;
import io.shiplog.applier.reconcile.Reconciler;
import io.shiplog.applier.reconcile.ReportedReconcile;
import io.shiplog.applier.replay.ReplayPlanner;
import io.shiplog.applier.replay.ReplayRequest;
import io.shiplog.cluster.kube.ClusterUnreachableException;
import io.shiplog.schemas.logging.LogContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of one cluster, on its own thread: commits and commands handed over by {@link ClusterWorkers} (from the
 * replica's shared consumers) go into the cluster's {@link ApplySchedule}; the worker runs the steps the schedule says
 * are due (read the inventory, plan a replay, apply) and reports their outcomes to {@code shiplog.applies}. A slow or
 * dead cluster holds back nobody else. What was handed over with a completion future (a command) is completed once
 * the schedule is settled, so its offset is committed only after it was applied; a crash or a hand-over to another
 * replica reads it again there.
 */
public final class ClusterWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterWorker.class);
    private static final Duration ABORT_JOIN = Duration.ofSeconds(60);

    private record Handed(Inbound inbound, CompletableFuture<Void> applied) {
    }

    private final ClusterProperties cluster;
    private final String repositoryUrl;
    private final ApplySchedule schedule;
    private final Reconciler reconciler;
    private final ReplayPlanner replays;
    private final ApplyReporter reporter;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration tick;
    private final Thread thread;
    private final Object signal = new Object();
    private final Queue<Handed> inbox = new ArrayDeque<>();
    private final List<CompletableFuture<Void>> unsettled = new ArrayList<>();
    private volatile boolean running;

    /** @param tuning its poll timeout is also the longest pause between two looks at the schedule (its timers) */
    public ClusterWorker(ClusterProperties cluster, String repositoryUrl, Reconciler reconciler,
                         ReplayPlanner replays, ApplyReporter reporter, TuningProperties tuning, MeterRegistry meters,
                         Clock clock) {
        this.cluster = cluster;
        this.repositoryUrl = repositoryUrl;
        this.reconciler = reconciler;
        this.replays = replays;
        this.reporter = reporter;
        this.meters = meters;
        this.clock = clock;
        this.tick = tuning.pollTimeout();
        this.schedule = new ApplySchedule(new ApplySchedule.Settings(cluster.name(), repositoryUrl, cluster.branch(),
                cluster.resyncInterval(), tuning.retryInitialBackoff(), tuning.retryMaxBackoff()),
                cluster.suspended());
        this.thread = new Thread(this::run, "applier-" + cluster.name());
        this.thread.setDaemon(true);
        meters.gauge("shiplog.applier.suspended", List.of(Tag.of("cluster", cluster.name())), schedule,
                s -> s.suspended() ? 1 : 0);
    }

    public String name() {
        return cluster.name();
    }

    public void start() {
        LOG.info("cluster {} is this replica's to apply: follows {}#{} paths {}", cluster.name(), repositoryUrl,
                cluster.branch(), cluster.paths());
        running = true;
        thread.start();
    }

    /** Stops applying (commits keep folding into the pending one) until {@link #resume()}. */
    public void suspend() {
        if (schedule.suspend()) {
            LOG.info("cluster {} suspended", cluster.name());
        }
    }

    public void resume() {
        if (schedule.resume()) {
            LOG.info("cluster {} resumed", cluster.name());
            wake();
        }
    }

    /** Whether this cluster follows {@code branch}. */
    boolean follows(CommitTail.Branch branch) {
        return CommitTail.Branch.of(repositoryUrl, cluster.branch()).equals(branch);
    }

    public ClusterStatus status() {
        return schedule.status();
    }

    /**
     * Hands {@code inbound} over to the loop; {@code applied} (when not null) completes once the schedule is settled
     * after it. Any thread.
     */
    public void offer(Inbound inbound, CompletableFuture<Void> applied) {
        synchronized (signal) {
            inbox.add(new Handed(inbound, applied));
            signal.notifyAll();
        }
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void run() {
        try (LogContext.Scope scope = LogContext.with().cluster(cluster.name()).open()) {
            while (running) {
                take().forEach(this::schedule);
                try {
                    runDueSteps();
                } catch (InterruptedException e) {
                    break;
                } catch (RuntimeException e) {
                    schedule.crashed(clock.instant());
                    LOG.error("cluster {}: reconciliation loop failed, retrying: {}", cluster.name(), e.toString(), e);
                }
                if (schedule.settled()) {
                    unsettled.forEach(applied -> applied.complete(null));
                    unsettled.clear();
                }
                if (!pause()) {
                    break;
                }
            }
        }
    }

    private List<Handed> take() {
        synchronized (signal) {
            List<Handed> taken = new ArrayList<>(inbox);
            inbox.clear();
            return taken;
        }
    }

    /** Waits one tick or until something is handed over; false when interrupted. */
    private boolean pause() {
        synchronized (signal) {
            if (!inbox.isEmpty() || !running) {
                return true;
            }
            try {
                signal.wait(tick.toMillis());
                return true;
            } catch (InterruptedException e) {
                return false;
            }
        }
    }

    private void schedule(Handed handed) {
        Inbound inbound = handed.inbound();
        if (inbound instanceof Inbound.DesiredCommit commit) {
            schedule.commit(commit);
        } else if (inbound instanceof Inbound.ResyncRequested resync && resync.cluster().equals(cluster.name())) {
            LOG.info("cluster {}: resync requested by {}", cluster.name(), resync.requestedBy());
            schedule.resync(resync.cause());
        } else if (inbound instanceof Inbound.SuspendRequested change && change.cluster().equals(cluster.name())) {
            changeSuspension(change);
        } else if (inbound instanceof Inbound.ReplayRequested replay
                && replay.request().into().equals(cluster.name())) {
            LOG.info("cluster {}: {} requested by {}", cluster.name(), replay.request().describe(),
                    replay.request().requestedBy());
            schedule.replay(replay.request());
        }
        if (handed.applied() != null) {
            unsettled.add(handed.applied());
        }
    }

    /** A suspend or resume command: changes the schedule, and tells the log (also when it was so already). */
    private void changeSuspension(Inbound.SuspendRequested change) {
        LOG.info("cluster {}: {} requested by {}{}", cluster.name(), change.suspend() ? "suspend" : "resume",
                change.requestedBy(), change.reason() == null ? "" : " (" + change.reason() + ")");
        if (change.suspend()) {
            suspend();
        } else {
            resume();
        }
        reporter.report(new ApplyReport.SuspensionChanged(cluster.name(), schedule.suspended(),
                change.requestedBy(), change.reason(), change.cause()));
    }

    private void runDueSteps() throws InterruptedException {
        while (true) {
            ApplySchedule.Step step = schedule.next(clock.instant());
            if (step instanceof ApplySchedule.Step.ReadInventory) {
                readInventory();
            } else if (step instanceof ApplySchedule.Step.PlanReplay plan) {
                planReplay(plan.request());
            } else if (step instanceof ApplySchedule.Step.Apply apply) {
                reconcile(apply.request());
                return;
            } else {
                return;
            }
        }
    }

    private void readInventory() {
        try {
            schedule.inventory(reconciler.currentInventory());
        } catch (ClusterUnreachableException e) {
            schedule.inventoryUnreadable(clock.instant());
            LOG.debug("cluster {}: inventory not readable yet: {}", cluster.name(), e.getMessage());
        }
    }

    private void planReplay(ReplayRequest replay) {
        Optional<ApplyRequest> planned = replays.plan(replay, repositoryUrl, cluster.branch());
        schedule.replayPlanned(planned).ifPresent(failure -> {
            LOG.warn("cluster {}: {} is not possible: {}", cluster.name(), replay.describe(),
                    failure.outcome().message());
            reporter.report(failure);
        });
    }

    private void reconcile(ApplyRequest request) throws InterruptedException {
        try (LogContext.Scope scope = LogContext.with().commit(request.commitSha())
                .correlationId(request.cause() == null ? null : request.cause().correlationId()).open()) {
            reconcileNow(request);
        }
    }

    private void reconcileNow(ApplyRequest request) throws InterruptedException {
        ReconcileOutcome outcome = ReportedReconcile.run(reconciler, cluster.name(), request, reporter);
        meters.counter("shiplog.applier.reconciles", "cluster", cluster.name(), "trigger", request.trigger().name(),
                "result", outcome instanceof ReconcileOutcome.Completed c ? c.status().name()
                        : ((ReconcileOutcome.Failed) outcome).reason().name()).increment();
        if (outcome instanceof ReconcileOutcome.Completed completed) {
            completed.results().forEach(r -> meters.counter("shiplog.applier.objects", "cluster", cluster.name(),
                    "action", r.action().name()).increment());
            schedule.completed(request, completed, clock.instant());
        } else {
            ApplyReport.Failed failed = schedule.failed(request, (ReconcileOutcome.Failed) outcome, clock.instant());
            LOG.warn("cluster {}: {} of {} failed (attempt {}, next at {}): {}", cluster.name(), request.trigger(),
                    request.commitSha(), failed.attempt(), failed.nextRetryAt(), failed.outcome().message());
            reporter.report(failed);
        }
    }

    /**
     * Asks the loop to stop after the step it is running; with {@code abort} an apply in progress is interrupted (the
     * inventory says APPLYING, and whoever applies the cluster next applies that commit again).
     */
    public void stop(boolean abort) {
        running = false;
        wake();
        if (abort) {
            thread.interrupt();
        }
    }

    /**
     * Waits until the loop has ended: up to {@code graceful} for the step in progress, then interrupts it and waits
     * for the interrupted step; true when the loop ended.
     */
    public boolean awaitStopped(Duration graceful) {
        stop(false);
        try {
            thread.join(Math.max(1, graceful.toMillis()));
            if (thread.isAlive()) {
                LOG.warn("cluster {}: the apply in progress did not end within {}; interrupting it", cluster.name(),
                        graceful);
                thread.interrupt();
                thread.join(ABORT_JOIN.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    /** Stops the loop at once (an apply in progress is interrupted) and waits for it. */
    @Override
    public void close() {
        stop(true);
        awaitStopped(Duration.ZERO);
    }
}
