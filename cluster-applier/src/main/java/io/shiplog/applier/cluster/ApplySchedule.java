package io.shiplog.applier.cluster;

import io.shiplog.applier.cluster.Inbound.DesiredCommit;
import io.shiplog.applier.reconcile.ApplyReport;
import io.shiplog.applier.reconcile.ApplyRequest;
import io.shiplog.applier.reconcile.ReconcileOutcome;
import io.shiplog.applier.reconcile.Trigger;
import io.shiplog.applier.replay.ReplayPlanner;
import io.shiplog.applier.replay.ReplayRequest;
import io.shiplog.cluster.inventory.Inventory;
import io.shiplog.schemas.event.EventCause;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one cluster applies next, and when: the decisions of a cluster's worker without Kafka, threads or I/O.
 * Inputs are the commits and commands as they are read, what the cluster's inventory says, the outcome of each
 * apply, suspend and resume, and the time at each tick; {@link #next} gives the next step. Commits fold into the
 * newest pending one (the ones passed over are recorded as skipped); a failure is retried with a doubling backoff;
 * the last applied commit is applied again every resync interval and on {@code ResyncCluster}.
 */
public final class ApplySchedule {

    private static final Logger LOG = LoggerFactory.getLogger(ApplySchedule.class);

    /**
     * The fixed facts the decisions depend on.
     *
     * @param repositoryUrl the config repository the cluster follows
     * @param branch        its branch
     */
    public record Settings(String cluster, String repositoryUrl, String branch, Duration resyncInterval,
                           Duration retryInitialBackoff, Duration retryMaxBackoff) {
        public Settings {
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(repositoryUrl, "repositoryUrl");
            Objects.requireNonNull(branch, "branch");
        }
    }

    /** What the worker does next. */
    public sealed interface Step {

        /** Learn the last applied commit from the cluster's inventory (once, retried while unreachable). */
        record ReadInventory() implements Step {
        }

        /** Find the commit a requested replay applies (it reads the log). */
        record PlanReplay(ReplayRequest request) implements Step {
        }

        /** Apply {@code request}. */
        record Apply(ApplyRequest request) implements Step {
        }

        /** Nothing is due now. */
        record Wait() implements Step {
        }
    }

    private static final Step WAIT = new Step.Wait();

    private final Settings settings;
    private boolean suspended;
    private PendingCommit pending;
    private EventCause resyncRequested;
    private ReplayRequest replayRequested;
    private ApplyRequest replayPlanned;
    private String lastApplied;
    private boolean lastAppliedComplete;
    private boolean inventoryRead;
    /** Set by the inventory read at a start or hand-over: its commit is applied (and reported) before a newer one. */
    private boolean resyncFirst;
    private Instant nextInventoryRead;
    private Instant nextResync;
    private int attempts;
    private Instant nextRetryAt;
    private String lastStatus;
    private Instant lastAppliedAt;

    public ApplySchedule(Settings settings, boolean suspended) {
        this.settings = settings;
        this.suspended = suspended;
    }

    /** A commit read from {@code shiplog.commits}; one of another repository or branch is ignored. */
    public synchronized void commit(DesiredCommit commit) {
        if (!sameRepository(commit.configRepo()) || !commit.branch().equals(settings.branch())) {
            return;
        }
        pending = pending == null ? PendingCommit.of(commit) : pending.fold(commit, lastApplied);
        LOG.debug("cluster {}: commit {} pending ({} skipped)", settings.cluster(), commit.sha(),
                pending.skipped().size());
    }

    /** A {@code ResyncCluster} command for this cluster. */
    public synchronized void resync(EventCause cause) {
        resyncRequested = cause;
    }

    /** A {@code ReplayCluster} command into this cluster (a newer one replaces an older one). */
    public synchronized void replay(ReplayRequest request) {
        replayRequested = request;
        replayPlanned = null;
    }

    /** Stops applying (commits keep folding into the pending one); true when it was running. */
    public synchronized boolean suspend() {
        boolean changed = !suspended;
        suspended = true;
        return changed;
    }

    /** Applies again; true when it was suspended. */
    public synchronized boolean resume() {
        boolean changed = suspended;
        suspended = false;
        return changed;
    }

    public synchronized boolean suspended() {
        return suspended;
    }

    /** What is due at {@code now}: the inventory, a replay, the pending commit, a resync, or nothing. */
    public synchronized Step next(Instant now) {
        if (suspended || nextRetryAt != null && now.isBefore(nextRetryAt)) {
            return WAIT;
        }
        if (!inventoryRead && (nextInventoryRead == null || !now.isBefore(nextInventoryRead))) {
            return new Step.ReadInventory();
        }
        if (replayRequested != null) {
            return replayPlanned == null ? new Step.PlanReplay(replayRequested) : new Step.Apply(replayPlanned);
        }
        if (resyncFirst && lastApplied != null && pending != null && !pending.commit().sha().equals(lastApplied)) {
            // the log may lack the report of the commit the cluster runs (a crash between its apply and its event):
            // it is applied and reported once more before the newer commit, which then lists what it passes over
            return new Step.Apply(new ApplyRequest(settings.repositoryUrl(), settings.branch(), lastApplied,
                    Trigger.RESYNC, List.of(), null));
        }
        if (pending != null) {
            if (pending.commit().sha().equals(lastApplied) && lastAppliedComplete && attempts == 0) {
                LOG.info("cluster {}: commit {} is already applied", settings.cluster(), lastApplied);
                pending = null;
                return WAIT;
            }
            return new Step.Apply(new ApplyRequest(pending.commit().configRepo(), pending.commit().branch(),
                    pending.commit().sha(), Trigger.COMMIT, pending.skipped(), pending.commit().cause()));
        }
        if (resyncRequested != null && lastApplied != null) {
            return new Step.Apply(new ApplyRequest(settings.repositoryUrl(), settings.branch(), lastApplied,
                    Trigger.COMMAND, List.of(), resyncRequested));
        }
        if (resyncRequested != null) {
            LOG.info("cluster {}: resync requested but no commit was applied yet", settings.cluster());
            resyncRequested = null;
            return WAIT;
        }
        if (lastApplied != null && (nextResync == null || !now.isBefore(nextResync))) {
            return new Step.Apply(new ApplyRequest(settings.repositoryUrl(), settings.branch(), lastApplied,
                    Trigger.RESYNC, List.of(), null));
        }
        return WAIT;
    }

    /** The cluster's inventory: a restart resyncs the commit it lists and skips what the cluster has. */
    public synchronized void inventory(Inventory inventory) {
        inventoryRead = true;
        if (!inventory.commitSha().isEmpty() && sameRepository(inventory.configRepo())
                && inventory.branch().equals(settings.branch())) {
            lastApplied = inventory.commitSha();
            lastAppliedComplete = inventory.state() == Inventory.State.COMPLETE;
            resyncFirst = true;
            LOG.info("cluster {}: inventory {} lists {} objects at commit {} ({})", settings.cluster(),
                    inventory.id(), inventory.objects().size(), lastApplied, inventory.state());
        }
    }

    /** The inventory could not be read; asked again after the longest backoff. */
    public synchronized void inventoryUnreadable(Instant now) {
        nextInventoryRead = now.plus(settings.retryMaxBackoff());
    }

    /**
     * Where a requested replay leads: the apply to run, or nothing when the log cannot serve it; then the replay
     * is dropped and the returned report says why.
     */
    public synchronized Optional<ApplyReport.Failed> replayPlanned(Optional<ApplyRequest> planned) {
        if (planned.isPresent()) {
            replayPlanned = planned.get();
            return Optional.empty();
        }
        ReplayRequest replay = replayRequested;
        replayRequested = null;
        replayPlanned = null;
        return Optional.of(new ApplyReport.Failed(settings.cluster(), new ReconcileOutcome.Failed(
                ReplayPlanner.unplanned(replay, settings.repositoryUrl(), settings.branch()),
                ReconcileOutcome.FailureReason.LOAD_FAILED, ReplayPlanner.noApplyMessage(replay)), 1, null));
    }

    /** {@code request} was applied at {@code now}. */
    public synchronized void completed(ApplyRequest request, ReconcileOutcome.Completed outcome, Instant now) {
        resyncFirst = false;
        lastApplied = request.commitSha();
        lastAppliedComplete = true;
        if (pending != null && pending.commit().sha().equals(request.commitSha())) {
            pending = null;
        }
        if (request.trigger() == Trigger.COMMAND) {
            resyncRequested = null;
        }
        if (request.trigger() == Trigger.REPLAY) {
            replayRequested = null;
            replayPlanned = null;
        }
        attempts = 0;
        nextRetryAt = null;
        nextResync = now.plus(settings.resyncInterval());
        lastStatus = outcome.status().name();
        lastAppliedAt = now;
    }

    /** {@code request} could not be applied at all: retried after a backoff; returns the report of the failure. */
    public synchronized ApplyReport.Failed failed(ApplyRequest request, ReconcileOutcome.Failed outcome, Instant now) {
        if (outcome.reason() == ReconcileOutcome.FailureReason.REFUSED && request.trigger() == Trigger.REPLAY) {
            replayRequested = null;
            replayPlanned = null;
            lastStatus = outcome.reason().name();
            return new ApplyReport.Failed(settings.cluster(), outcome, 1, null);
        }
        scheduleRetry(now);
        lastStatus = outcome.reason().name();
        return new ApplyReport.Failed(settings.cluster(), outcome, attempts, nextRetryAt);
    }

    /** The worker's step failed unexpectedly; it is tried again after a backoff. */
    public synchronized void crashed(Instant now) {
        scheduleRetry(now);
    }

    /** Whether everything read so far has been applied (or needs nothing): its offsets may be committed. */
    public synchronized boolean settled() {
        return pending == null && resyncRequested == null && replayRequested == null;
    }

    public synchronized ClusterStatus status() {
        return new ClusterStatus(settings.cluster(), suspended, lastApplied, lastStatus, lastAppliedAt,
                pending == null ? null : pending.commit().sha(), attempts, nextRetryAt);
    }

    private void scheduleRetry(Instant now) {
        attempts++;
        Duration backoff = settings.retryInitialBackoff().multipliedBy(1L << Math.min(20, attempts - 1));
        if (backoff.compareTo(settings.retryMaxBackoff()) > 0) {
            backoff = settings.retryMaxBackoff();
        }
        nextRetryAt = now.plus(backoff);
    }

    private boolean sameRepository(String configRepo) {
        return normalize(configRepo).equals(normalize(settings.repositoryUrl()));
    }

    static String normalize(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u.endsWith(".git") ? u.substring(0, u.length() - 4) : u;
    }
}
