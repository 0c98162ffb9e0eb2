package io.shiplog.auditor.project;

import java.time.Clock;
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
    /** When the first record since start-up or the last rebuild was read, and when the last chunk was written. */
    private volatile Instant firstRead;
    private volatile Instant lastWritten;
    private volatile long rebuilds;
    private volatile boolean rebuildRequested;

    ProjectionProgress(Instant started) {
        this.since = started;
    }

    void following() {
        state = "CATCHING_UP";
    }

    /** A record was read: the rate counts from the first one. */
    void read(Clock clock) {
        if (firstRead == null) {
            firstRead = clock.instant();
        }
    }

    /** A chunk of {@code records} was written (committed) at {@code now}. */
    void projected(int records, Instant now) {
        projected.addAndGet(records);
        lastWritten = now;
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
        firstRead = null;
        lastWritten = null;
        rebuilds++;
        state = "CATCHING_UP";
    }

    /**
     * The rate is the projection's own: events written over the time from the first record read to the last chunk
     * written, neither the service's start-up before nor idle time after counted.
     */
    ProjectionStatus status(Instant now, boolean backfillDone) {
        long count = projected.get();
        Instant first = firstRead;
        Instant last = lastWritten;
        double rate = 0;
        if (first != null && last != null) {
            double seconds = Math.max(0.001, Duration.between(first, last).toNanos() / 1e9);
            rate = Math.round(count / seconds * 10) / 10.0;
        }
        return new ProjectionStatus(state, count, lag(), rate, futureFields.get(), deadLettered.get(), since,
                rebuilds, backfillDone);
    }
}
