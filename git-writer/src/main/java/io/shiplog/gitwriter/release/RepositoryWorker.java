package io.shiplog.gitwriter.release;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.shiplog.gitwriter.config.RepositoryProperties;
import io.shiplog.gitwriter.config.TuningProperties;
import io.shiplog.gitwriter.forge.Forge;
import io.shiplog.gitwriter.forge.PullRequests;
import io.shiplog.gitwriter.git.GitHandler;
import io.shiplog.gitwriter.git.ScanIndex;
import io.shiplog.gitwriter.manifest.ImageLocation;
import io.shiplog.gitwriter.manifest.ManifestScanner;
import io.shiplog.gitwriter.manifest.ScanResult;
import io.shiplog.schemas.event.EventCause;
import io.shiplog.schemas.logging.LogContext;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit loop of one config repository, on its own thread. Group commit: when idle, the first piece of work is
 * planned, committed and pushed at once ({@link CommitRound}); everything that arrives meanwhile (and within the
 * optional debounce) goes into the next single commit. A batch that cannot land now is kept and retried with
 * backoff; what waits is bounded ({@link PendingWork}). Between batches the branch is fetched on its interval and every new commit published
 * ({@link HeadObserver}).
 */
public final class RepositoryWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RepositoryWorker.class);

    private final RepositoryProperties repo;
    private final GitHandler git;
    private final TuningProperties tuning;
    private final Clock clock;
    private final HeadObserver observer;
    private final CommitRound round;
    private final PendingWork pending;
    private final MeterRegistry meters;
    private final PullRequests pullRequests;
    private String lastHead;
    private final CountDownLatch released = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    /** Each manifest location's image repository and policy at the last head looked at; null before the first. */
    private Map<String, String> markers;

    private Instant retryAt;
    private int failures;
    private volatile boolean full;

    public RepositoryWorker(RepositoryProperties repo, GitHandler git, TagStore tags, CommitEvents events,
                            ManifestScanner scanner, WatchListState watchList, TuningProperties tuning,
                            MeterRegistry meters, Clock clock) {
        this(repo, git, tags, events, PublishedCommits.NONE, "standalone", scanner, watchList, tuning, meters,
                clock);
    }

    /**
     * A loop that publishes per-repository events only while it owns the repository ({@link #ownership}); it owns
     * it until told otherwise.
     *
     * @param publications what is already on {@code shiplog.commits} (to publish nothing twice after a handover)
     * @param writerId     this instance's id, written in the {@code Shiplog-Writer} trailer of its commits
     */
    public RepositoryWorker(RepositoryProperties repo, GitHandler git, TagStore tags, CommitEvents events,
                            PublishedCommits publications, String writerId, ManifestScanner scanner,
                            WatchListState watchList, TuningProperties tuning, MeterRegistry meters, Clock clock) {
        this.repo = repo;
        this.git = git;
        this.tuning = tuning;
        this.clock = clock;
        this.meters = meters;
        Outage outage = new Outage();
        this.observer = new HeadObserver(repo, git, events, watchList, new ScanIndex(scanner), outage, publications,
                writerId, tuning, meters, clock);
        Forge forge = PullRequests.forgeOf(repo);
        this.pullRequests = forge == null ? null : new PullRequests(repo, forge, tuning, meters);
        this.round = new CommitRound(repo, git, tags, events, observer, outage, writerId, scanner, tuning, meters,
                clock, pullRequests);
        this.pending = new PendingWork(repo.name(), tuning.maxPendingUpdates(), clock);
        meters.gauge("shiplog.gitwriter.pending.updates", List.of(Tag.of("repository", repo.name())), pending,
                PendingWork::size);
        // the outcomes dashboards and alerts rate, at zero from the start rather than missing until the first one
        for (String outcome : List.of("commits", "push.failed", "push.stale", "fetch.failed")) {
            meters.counter("shiplog.gitwriter." + outcome, "repository", repo.name());
        }
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
                observer.head(), observer.fetchFailure(), observer.problems(), pending.size(), observer.owner(),
                pullRequests == null ? null : pullRequests.status());
    }

    /**
     * Whether this instance owns the repository (the inbound consumer decides from its assignment). Gaining it
     * fetches at once, so commits published by nobody yet are published now.
     */
    public void ownership(boolean owns) {
        if (observer.ownership(owns)) {
            LOG.info("repository {}: {}", repo.name(), owns ? "owned by this instance (observing, repair, watch list)"
                    : "not owned by this instance (another instance of the group observes it)");
            if (owns) {
                pending.add(new Work.FetchNow("ownership"), new CompletableFuture<>());
            }
        }
    }

    /** Whether this instance owns the repository. */
    public boolean owner() {
        return observer.owner();
    }

    /** Starts the thread: it fetches and publishes what is new, then waits for {@link #release()}. */
    public void start() {
        thread.start();
    }

    /** Lets the loop take work (the inbound consumer calls it once it has caught up with the log). */
    public void release() {
        released.countDown();
    }

    /**
     * Queues work; the future completes when it is committed, skipped or finally failed. It fails at once with
     * {@link PendingWork.PendingWorkFullException} when {@code max-pending-updates} targets already wait.
     */
    public CompletableFuture<Void> submit(Work work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (pending.add(work, done)) {
            full = false;
        } else {
            meters.counter("shiplog.gitwriter.pending.refused", "repository", repo.name()).increment();
            if (!full) {
                full = true;
                LOG.warn("repository {}: {} updates wait (the limit); new ones are refused to the DLQ until it drains",
                        repo.name(), tuning.maxPendingUpdates());
            }
        }
        return done;
    }

    /**
     * After the loop saw other people's commits: every manifest location they added, or whose policy they changed, is
     * set to what its policy chooses among the tags already known (as Flux's image automation does on its next run),
     * caused by the last of those commits. A value someone changed by hand under an unchanged marker is left alone
     * until the next tag event. The first look at a repository only remembers what it found.
     */
    private void reevaluateNewMarkers() {
        String head = observer.head();
        if (pullRequests != null && head != null && !head.equals(lastHead)) {
            pullRequests.headMoved(head, BranchChanges.values(observer.index().result()));
        }
        lastHead = head;
        List<EventCause> seen = observer.takeObserved();
        ScanResult scan = observer.index().result();
        Map<String, String> now = new HashMap<>();
        scan.locations().forEach(l -> now.put(l.key(), l.repository() + " " + l.policy()));
        if (markers != null && !seen.isEmpty()) {
            Map<String, Set<String>> byRepository = new LinkedHashMap<>();
            for (ImageLocation location : scan.locations()) {
                if (!location.locked() && !now.get(location.key()).equals(markers.get(location.key()))) {
                    byRepository.computeIfAbsent(location.repository(), r -> new HashSet<>()).add(location.key());
                }
            }
            EventCause cause = seen.get(seen.size() - 1);
            byRepository.forEach((repository, keys) -> {
                LOG.info("repository {}: {} new or changed marker(s) of {} set to their policy's choice", repo.name(),
                        keys.size(), repository);
                submit(new Work.Reevaluate(repository, keys, cause));
            });
        }
        markers = now;
    }

    /** After Shiplog's own commit: remember the markers as they are now (its commits add none). */
    private void rememberMarkers() {
        Map<String, String> now = new HashMap<>();
        observer.index().result().locations().forEach(l -> now.put(l.key(), l.repository() + " " + l.policy()));
        markers = now;
    }

    private void run() {
        try (LogContext.Scope scope = LogContext.with().repository(repo.name()).open()) {
            loop();
        }
    }

    private void loop() {
        LOG.info("repository {} ({}#{}) mirrored by git-writer, fetch every {}", repo.name(), repo.url()
                .replaceAll("//[^/@]+@", "//***@"), repo.branch(), repo.fetchInterval());
        try {
            observer.fetchAndObserve();
            reevaluateNewMarkers();
            released.await();
            while (running) {
                List<PendingWork.Entry> batch = nextBatch();
                if (batch == null) {
                    observer.fetchAndObserve();
                    reevaluateNewMarkers();
                } else if (!batch.isEmpty()) {
                    process(batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The next batch; null when it is time to fetch instead. A batch kept for a retry waits for its time. */
    private List<PendingWork.Entry> nextBatch() throws InterruptedException {
        if (retryAt != null) {
            long wait = Duration.between(clock.instant(), retryAt).toMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            retryAt = null;
        } else {
            if (!pending.awaitWork(observer.nextFetch())) {
                return null;
            }
            if (!tuning.debounce().isZero()) {
                Thread.sleep(tuning.debounce().toMillis());
            }
        }
        return pending.drain();
    }

    private void process(List<PendingWork.Entry> batch) {
        List<Work> work = new ArrayList<>();
        boolean fetch = false;
        for (PendingWork.Entry e : batch) {
            if (e.work() instanceof Work.FetchNow) {
                fetch = true;
            } else {
                work.addAll(e.works());
            }
        }
        // a person's command is judged on the branch as it is now, not as last fetched: a release of an image whose
        // manifest was pushed a moment ago finds it (automatic tag updates wait for the next fetch's re-evaluation)
        fetch |= work.stream().anyMatch(RepositoryWorker::askedByAPerson);
        if (fetch || !clock.instant().isBefore(observer.nextFetch())) {
            boolean fetched = observer.fetchAndObserve();
            reevaluateNewMarkers();
            if (!fetched && work.isEmpty()) {
                finish(batch);
                return;
            }
        }
        if (work.isEmpty()) {
            finish(batch);
            return;
        }
        Set<String> releases = new HashSet<>();
        work.forEach(w -> releases.add(correlationOf(w)));
        try (LogContext.Scope scope = LogContext.with()
                .correlationId(releases.size() == 1 ? releases.iterator().next() : null).open()) {
            commit(batch, work);
        }
    }

    private static boolean askedByAPerson(Work work) {
        return work instanceof Work.Release || work instanceof Work.Lock || work instanceof Work.Rollback;
    }

    /** The release a unit of work belongs to; null when it starts none yet (a request by a person). */
    private static String correlationOf(Work work) {
        EventCause cause = work instanceof Work.TagUpdate t ? t.cause()
                : work instanceof Work.Reevaluate r ? r.cause() : null;
        return cause == null ? null : cause.correlationId();
    }

    private void commit(List<PendingWork.Entry> batch, List<Work> work) {
        try {
            CommitRound.Result result = round.run(work, failures);
            if (result instanceof CommitRound.Result.Done done) {
                failures = 0;
                finish(batch);
                if (done.pushed() != null) {
                    observer.rescan(done.pushed());
                    rememberMarkers();
                }
            } else {
                keepForRetry(batch);
            }
        } catch (RuntimeException | IOException e) {
            LOG.error("repository {}: batch of {} items failed: {}", repo.name(), work.size(), e.toString(), e);
            batch.forEach(entry -> entry.fail(e));
            pending.finished(batch);
        } catch (CommitEvents.EventsUnavailableException e) {
            LOG.warn("repository {}: events not published, batch kept for a retry: {}", repo.name(),
                    e.getMessage());
            keepForRetry(batch);
        }
    }

    private void finish(List<PendingWork.Entry> batch) {
        batch.forEach(PendingWork.Entry::complete);
        pending.finished(batch);
    }

    private void keepForRetry(List<PendingWork.Entry> batch) {
        pending.restore(batch);
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
        if (pullRequests != null) {
            pullRequests.close();
        }
    }
}
