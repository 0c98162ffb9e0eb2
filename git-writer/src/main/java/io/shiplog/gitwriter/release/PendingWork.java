package io.shiplog.gitwriter.release;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The work waiting for one repository's loop, bounded. Work for the same target (tag events of one image
 * repository, releases of one repository, locks of one workload and container) collapses into one entry whose
 * newest work decides (planning evaluates the policy over every known tag, so the newest stands for the older
 * ones); the entry keeps the last {@value #REPORTED_PER_TARGET} items so each still gets its own report
 * ({@code UpdateSkipped} or a place among the causes), older ones only complete with it.
 * Once {@code limit} targets wait or are in flight, work for a new target is refused: its future fails with
 * {@link PendingWorkFullException} (the inbound record then goes to the DLQ; the image log keeps it, and the next
 * tag event of that image re-evaluates every known tag). Thread-safe.
 */
final class PendingWork {

    /** Items of one target that are reported one by one; older ones only complete with the entry. */
    static final int REPORTED_PER_TARGET = 100;

    /** One target's work (oldest first, the newest last) and the futures of all work it stands for. */
    record Entry(String key, List<Work> works, List<CompletableFuture<Void>> done) {

        /** The newest work of the target. */
        Work work() {
            return works.get(works.size() - 1);
        }

        void complete() {
            done.forEach(f -> f.complete(null));
        }

        void fail(Throwable error) {
            done.forEach(f -> f.completeExceptionally(error));
        }
    }

    /** Work refused because the repository already has {@code limit} pending targets. */
    static final class PendingWorkFullException extends RuntimeException {
        PendingWorkFullException(String message) {
            super(message);
        }
    }

    private final String repository;
    private final int limit;
    private final Clock clock;
    private LinkedHashMap<String, Entry> waiting = new LinkedHashMap<>();
    private final Set<String> inFlight = new HashSet<>();

    PendingWork(String repository, int limit, Clock clock) {
        this.repository = repository;
        this.limit = limit;
        this.clock = clock;
    }

    /** The target work collapses on. */
    static String keyOf(Work work) {
        if (work instanceof Work.TagUpdate t) {
            return "image " + t.repository();
        }
        if (work instanceof Work.Release r) {
            // a refused release is only reported: it must not replace a release of the same image still waiting
            // releases to other apps move other locations: one must not replace the other
            return (r.refused() == null ? "release " : "refused release " + r.digest() + " of ") + r.repository()
                    + (r.apps().all() ? "" : " to " + r.apps().apps().stream().sorted().toList())
                    + (r.clusters().isEmpty() ? "" : " in " + r.clusters().stream().map(c -> c.name()).sorted()
                    .toList());
        }
        if (work instanceof Work.Reevaluate r) {
            return "new markers of " + r.repository();
        }
        if (work instanceof Work.Lock l) {
            return "lock " + l.workload().describe() + "#" + l.container();
        }
        return "fetch";
    }

    /**
     * Adds work; returns false (and fails {@code done}) when it is for a new target and the limit is reached.
     * Work for a waiting target replaces it (and moves to the end: the newest comes last).
     */
    synchronized boolean add(Work work, CompletableFuture<Void> done) {
        String key = keyOf(work);
        Entry before = waiting.remove(key);
        if (before == null && !inFlight.contains(key) && size() >= limit) {
            done.completeExceptionally(new PendingWorkFullException("repository " + repository + " already has "
                    + size() + " pending updates (shiplog.git-writer.tuning.max-pending-updates=" + limit
                    + "); " + key + " refused"));
            return false;
        }
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        List<Work> works = new ArrayList<>();
        if (before != null) {
            futures.addAll(before.done());
            works.addAll(before.works());
        }
        futures.add(done);
        works.add(work);
        waiting.put(key, new Entry(key, newest(works), futures));
        notifyAll();
        return true;
    }

    /** Targets waiting or in flight. */
    synchronized int size() {
        Set<String> all = new HashSet<>(inFlight);
        all.addAll(waiting.keySet());
        return all.size();
    }

    /** Waits until work is waiting or {@code until} has passed; returns whether work is waiting. */
    synchronized boolean awaitWork(Instant until) throws InterruptedException {
        while (waiting.isEmpty()) {
            long wait = Duration.between(clock.instant(), until).toMillis();
            if (wait <= 0) {
                return false;
            }
            wait(wait);
        }
        return true;
    }

    /** Takes everything waiting, oldest first; it stays counted as in flight until {@link #finished}/{@link #restore}. */
    synchronized List<Entry> drain() {
        List<Entry> batch = new ArrayList<>(waiting.values());
        waiting = new LinkedHashMap<>();
        batch.forEach(e -> inFlight.add(e.key()));
        return batch;
    }

    /** The batch is done (its futures were completed by the caller). */
    synchronized void finished(List<Entry> batch) {
        batch.forEach(e -> inFlight.remove(e.key()));
    }

    /**
     * Puts a batch that must be retried back in front of what arrived meanwhile; where newer work arrived for a
     * target, the newer work stays and takes the batch's futures.
     */
    synchronized void restore(List<Entry> batch) {
        LinkedHashMap<String, Entry> merged = new LinkedHashMap<>();
        for (Entry e : batch) {
            inFlight.remove(e.key());
            Entry newer = waiting.remove(e.key());
            if (newer == null) {
                merged.put(e.key(), e);
            } else {
                List<CompletableFuture<Void>> futures = new ArrayList<>(e.done());
                futures.addAll(newer.done());
                List<Work> works = new ArrayList<>(e.works());
                works.addAll(newer.works());
                merged.put(e.key(), new Entry(e.key(), newest(works), futures));
            }
        }
        merged.putAll(waiting);
        waiting = merged;
        notifyAll();
    }

    private static List<Work> newest(List<Work> works) {
        return List.copyOf(works.size() <= REPORTED_PER_TARGET ? works
                : works.subList(works.size() - REPORTED_PER_TARGET, works.size()));
    }

    /** Every waiting target, for a report (copy). */
    synchronized Map<String, Work> waiting() {
        Map<String, Work> out = new LinkedHashMap<>();
        waiting.forEach((k, e) -> out.put(k, e.work()));
        return out;
    }
}
