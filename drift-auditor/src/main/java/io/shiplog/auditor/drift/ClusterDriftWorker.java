package io.shiplog.auditor.drift;

import io.shiplog.cluster.manifest.ObjectKey;
import io.shiplog.schemas.logging.LogContext;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread of one cluster: a full audit at start and on its interval, and in between checks of the objects the
 * watches report, collected for the debounce. An audit or check that meets a running apply is tried again shortly.
 */
public final class ClusterDriftWorker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterDriftWorker.class);
    private static final long RETRY_MS = 1_000;
    private static final long STOP_JOIN_MS = 30_000;
    private static final long LOST_TRACK_AUDIT_MS = 5_000;
    /** After an apply: how long to let it settle before the audit, and the least time between such audits. */
    private static final long APPLY_SETTLE_MS = 300;
    private static final long APPLY_AUDIT_GAP_MS = 2_000;

    private final ClusterDrift drift;
    private final DriftWatcher watcher;
    private final Duration interval;
    private final Duration debounce;
    private final Object lock = new Object();
    private final Set<ObjectKey> pending = new HashSet<>();
    private long nextAuditAt;
    /** An audit asked for outside the schedule (Long.MAX_VALUE: none); survives an audit that is running. */
    private long requestedAuditAt = Long.MAX_VALUE;
    private long nextCheckAt;
    private long lastAuditEndedAt;
    private volatile boolean running = true;
    private Thread thread;

    public ClusterDriftWorker(ClusterDrift drift, DriftWatcher watcher, Duration interval, Duration debounce) {
        this.drift = drift;
        this.watcher = watcher;
        this.interval = interval;
        this.debounce = debounce;
    }

    void start() {
        nextAuditAt = System.currentTimeMillis();
        thread = new Thread(this, "drift-" + drift.name());
        thread.setDaemon(true);
        thread.start();
    }

    /** An object changed; it is checked after the debounce. */
    public void changed(ObjectKey key) {
        synchronized (lock) {
            if (pending.isEmpty()) {
                nextCheckAt = System.currentTimeMillis() + debounce.toMillis();
            }
            pending.add(key);
            lock.notifyAll();
        }
    }

    /** A watch started over: audit soon, as changes may have been missed. */
    public void lostTrack() {
        synchronized (lock) {
            requestedAuditAt = Math.min(requestedAuditAt, System.currentTimeMillis() + LOST_TRACK_AUDIT_MS);
            lock.notifyAll();
        }
    }

    /**
     * An apply completed: a full audit once it settled, at most one every couple of seconds however many applies
     * follow (a burst of releases is audited after it, not once per apply; edits are caught by the watches anyway).
     */
    void auditAfterApply() {
        synchronized (lock) {
            long at = Math.max(System.currentTimeMillis() + APPLY_SETTLE_MS, lastAuditEndedAt + APPLY_AUDIT_GAP_MS);
            requestedAuditAt = Math.min(requestedAuditAt, at);
            lock.notifyAll();
        }
    }

    /** Runs a full audit now. */
    public void auditNow() {
        synchronized (lock) {
            requestedAuditAt = System.currentTimeMillis();
            lock.notifyAll();
        }
    }

    @Override
    public void run() {
        try (LogContext.Scope scope = LogContext.with().cluster(drift.name()).open()) {
            loop();
        }
    }

    private void loop() {
        while (running) {
            try {
                Set<ObjectKey> batch = null;
                boolean audit;
                synchronized (lock) {
                    long now = System.currentTimeMillis();
                    long auditAt = Math.min(nextAuditAt, requestedAuditAt);
                    audit = now >= auditAt;
                    if (!audit && !pending.isEmpty() && requestedAuditAt - now <= APPLY_AUDIT_GAP_MS) {
                        // a full audit is due within moments (an apply just completed) and checks every object:
                        // the changes seen meanwhile, mostly the apply's own writes, need no checks of their own
                        pending.clear();
                        continue;
                    }
                    if (!audit && !pending.isEmpty() && now >= nextCheckAt) {
                        batch = new HashSet<>(pending);
                        pending.clear();
                    } else if (!audit) {
                        long until = pending.isEmpty() ? auditAt : Math.min(auditAt, nextCheckAt);
                        lock.wait(Math.max(1, until - now));
                        continue;
                    }
                }
                if (audit) {
                    synchronized (lock) {
                        pending.clear();
                        requestedAuditAt = Long.MAX_VALUE;
                    }
                    boolean done = drift.audit();
                    watcher.watch(drift.managedResources());
                    synchronized (lock) {
                        lastAuditEndedAt = System.currentTimeMillis();
                        nextAuditAt = lastAuditEndedAt + (done ? interval.toMillis() : RETRY_MS);
                    }
                } else if (!drift.check(batch)) {
                    synchronized (lock) {
                        pending.addAll(batch);
                        nextCheckAt = System.currentTimeMillis() + RETRY_MS;
                    }
                }
                // a correction the cooldown held back: audit again when it ends, which corrects what is still there
                drift.takeCorrectionDue().ifPresent(due -> {
                    synchronized (lock) {
                        requestedAuditAt = Math.min(requestedAuditAt, due.toEpochMilli());
                    }
                });
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("cluster {}: drift round failed, retrying: {}", drift.name(), e.toString());
                sleepQuietly();
            }
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(RETRY_MS);
        } catch (InterruptedException e) {
            running = false;
        }
    }

    /**
     * Stops the loop and waits for it: up to {@code grace} for the audit or check in progress to end (what it found is
     * in {@code shiplog.drift} then, for whoever audits the cluster next), then interrupts it.
     */
    void stop(Duration grace) {
        requestStop();
        awaitStop(System.nanoTime() + grace.toNanos(), grace);
    }

    /** Asks the loop to end after the audit or check in progress, without waiting (see {@link #awaitStop}). */
    void requestStop() {
        running = false;
        watcher.close();
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /**
     * Waits until the loop asked to stop has ended: until {@code deadline} ({@link System#nanoTime()}) for the audit in
     * progress to end, then interrupts it. Many workers asked to stop together share one deadline, so a hand-over of
     * hundreds of clusters waits for the slowest audit, not for the sum of them.
     */
    void awaitStop(long deadline, Duration grace) {
        if (thread == null) {
            return;
        }
        try {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            thread.join(Math.max(1, left));
            if (thread.isAlive()) {
                LOG.warn("cluster {}: the audit in progress did not end within {}; interrupting it", drift.name(),
                        grace);
                thread.interrupt();
                thread.join(STOP_JOIN_MS);
            }
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
    }
}
