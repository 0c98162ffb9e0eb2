package io.shiplog.gitwriter.release;

import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.gitwriter.config.RepositoryProperties;
import io.shiplog.gitwriter.config.TuningProperties;
import io.shiplog.gitwriter.git.GitHandler;
import io.shiplog.gitwriter.git.ScanIndex;
import io.shiplog.gitwriter.manifest.ManifestScanner;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit loop of one config repository, on its own thread. Group commit: when idle, the first piece of work is
 * planned, committed and pushed at once ({@link CommitRound}); everything that arrives meanwhile (and within the
 * optional debounce) goes into the next single commit. A batch that cannot land now is kept and retried with
 * backoff. Between batches the branch is fetched on its interval and every new commit published
 * ({@link HeadObserver}).
 */
public final class RepositoryWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RepositoryWorker.class);

    private record Queued(Work work, CompletableFuture<Void> done) {
    }

    private final RepositoryProperties repo;
    private final GitHandler git;
    private final TuningProperties tuning;
    private final Clock clock;
    private final HeadObserver observer;
    private final CommitRound round;
    private final LinkedBlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    private List<Queued> carried = new ArrayList<>();
    private Instant retryAt;
    private int failures;

    public RepositoryWorker(RepositoryProperties repo, GitHandler git, TagStore tags, CommitEvents events,
                            ManifestScanner scanner, WatchListState watchList, TuningProperties tuning,
                            MeterRegistry meters, Clock clock) {
        this.repo = repo;
        this.git = git;
        this.tuning = tuning;
        this.clock = clock;
        this.observer = new HeadObserver(repo, git, events, watchList, new ScanIndex(scanner), meters, clock);
        this.round = new CommitRound(repo, git, tags, events, observer, tuning, meters, clock);
        this.thread = new Thread(this::run, "git-writer-" + repo.name());
        this.thread.setDaemon(true);
    }

    public String name() {
        return repo.name();
    }

    public RepositoryProperties properties() {
        return repo;
    }

    /** The head of the watched branch as last seen; null before the first fetch. */
    public String head() {
        return observer.head();
    }

    /** What the repository looks like to this loop now (for {@code GET /status}). */
    public RepositoryStatus status() {
        return new RepositoryStatus(repo.name(), repo.url().replaceAll("//[^/@]+@", "//***@"), repo.branch(),
                observer.head(), observer.fetchFailure(), observer.problems(), queue.size() + carried.size());
    }

    /** Starts the thread: it fetches and publishes what is new, then waits for {@link #release()}. */
    public void start() {
        thread.start();
    }

    /** Lets the loop take work (the inbound consumer calls it once it has caught up with the log). */
    public void release() {
        released.countDown();
    }

    /** Queues work; the future completes when it is committed, skipped or finally failed. */
    public CompletableFuture<Void> submit(Work work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Queued(work, done));
        return done;
    }

    private void run() {
        LOG.info("repository {} ({}#{}) mirrored by git-writer, fetch every {}", repo.name(), repo.url()
                .replaceAll("//[^/@]+@", "//***@"), repo.branch(), repo.fetchInterval());
        try {
            observer.fetchAndObserve();
            released.await();
            while (running) {
                List<Queued> batch = nextBatch();
                if (batch == null) {
                    observer.fetchAndObserve();
                } else if (!batch.isEmpty()) {
                    process(batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The next batch; null when it is time to fetch instead; empty while a retry waits (gathering more work). */
    private List<Queued> nextBatch() throws InterruptedException {
        List<Queued> batch = carried;
        carried = new ArrayList<>();
        if (!batch.isEmpty()) {
            long wait = retryAt == null ? 0 : Duration.between(clock.instant(), retryAt).toMillis();
            if (wait > 0) {
                Queued more = queue.poll(wait, TimeUnit.MILLISECONDS);
                if (more != null) {
                    batch.add(more);
                    queue.drainTo(batch);
                    carried = batch;
                    return List.of();
                }
            }
        } else {
            long wait = Math.max(0, Duration.between(clock.instant(), observer.nextFetch()).toMillis());
            Queued first = queue.poll(wait, TimeUnit.MILLISECONDS);
            if (first == null) {
                return null;
            }
            batch.add(first);
            if (!tuning.debounce().isZero()) {
                Thread.sleep(tuning.debounce().toMillis());
            }
        }
        retryAt = null;
        queue.drainTo(batch);
        return batch;
    }

    private void process(List<Queued> batch) {
        List<Work> work = new ArrayList<>();
        boolean fetch = false;
        for (Queued q : batch) {
            if (q.work() instanceof Work.FetchNow) {
                fetch = true;
            } else {
                work.add(q.work());
            }
        }
        if (fetch || !clock.instant().isBefore(observer.nextFetch())) {
            if (!observer.fetchAndObserve() && work.isEmpty()) {
                batch.forEach(q -> q.done().complete(null));
                return;
            }
        }
        if (work.isEmpty()) {
            batch.forEach(q -> q.done().complete(null));
            return;
        }
        try {
            CommitRound.Result result = round.run(work, failures);
            if (result instanceof CommitRound.Result.Done done) {
                failures = 0;
                batch.forEach(q -> q.done().complete(null));
                if (done.pushed() != null) {
                    observer.rescan(done.pushed());
                }
            } else {
                keepForRetry(batch);
            }
        } catch (RuntimeException | IOException e) {
            LOG.error("repository {}: batch of {} items failed: {}", repo.name(), work.size(), e.toString(), e);
            batch.forEach(q -> q.done().completeExceptionally(e));
        } catch (CommitEvents.EventsUnavailableException e) {
            LOG.warn("repository {}: events not published, batch kept for a retry: {}", repo.name(),
                    e.getMessage());
            keepForRetry(batch);
        }
    }

    private void keepForRetry(List<Queued> batch) {
        carried = new ArrayList<>(batch);
        failures++;
        retryAt = clock.instant().plus(Backoff.of(tuning, failures));
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        git.close();
    }
}
