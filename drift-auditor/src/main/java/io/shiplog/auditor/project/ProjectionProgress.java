package io.shiplog.auditor.project;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the projection is, as counts and a state: {@code STARTING}, {@code CATCHING_UP}, {@code LIVE} once nothing
 * is left to read, {@code REBUILDING} from a rebuild request until reading starts again from offset 0. Written by the
 * projection's thread, read by the API.
 */
final class ProjectionProgress {

    private final AtomicLong projected = new AtomicLong();
    private final AtomicLong futureFields = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile String state = "STARTING";
    private volatile long lag = -1;
    private volatile Instant since;
    private volatile long rebuilds;
    private volatile boolean rebuildRequested;

    ProjectionProgress(Instant started) {
        this.since = started;
    }

    void following() {
        state = "CATCHING_UP";
    }

    void projected(int records) {
        projected.addAndGet(records);
    }

    long projected() {
        return projected.get();
    }

    void futureFields(int count) {
        futureFields.addAndGet(count);
    }

    void deadLettered() {
        deadLettered.incrementAndGet();
    }

    /** The lag after a poll: LIVE at 0 (unless a rebuild waits to start). */
    void lag(long records) {
        lag = records;
        if (!rebuildRequested) {
            state = records == 0 ? "LIVE" : "CATCHING_UP";
        }
    }

    long lag() {
        return Math.max(0, lag);
    }

    /** A rebuild was asked for; true when it was not asked for already. */
    boolean requestRebuild() {
        boolean first = !rebuildRequested;
        rebuildRequested = true;
        state = "REBUILDING";
        return first;
    }

    boolean rebuildRequested() {
        return rebuildRequested;
    }

    /** The rebuild starts reading from offset 0 at {@code now}: the counts start again. */
    void rebuildStarted(Instant now) {
        rebuildRequested = false;
        projected.set(0);
        futureFields.set(0);
        deadLettered.set(0);
        since = now;
        rebuilds++;
        state = "CATCHING_UP";
    }

    ProjectionStatus status(Instant now, boolean backfillDone) {
        Instant start = since;
        double seconds = Math.max(0.001, Duration.between(start, now).toMillis() / 1000.0);
        long count = projected.get();
        return new ProjectionStatus(state, count, lag(), Math.round(count / seconds * 10) / 10.0,
                futureFields.get(), deadLettered.get(), start, rebuilds, backfillDone);
    }
}
