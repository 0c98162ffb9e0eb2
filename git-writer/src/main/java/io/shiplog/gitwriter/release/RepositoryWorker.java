package io.shiplog.gitwriter.release;

import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.gitwriter.config.RepositoryProperties;
import io.shiplog.gitwriter.config.TuningProperties;
import io.shiplog.gitwriter.edit.EditConflictException;
import io.shiplog.gitwriter.edit.FileEdits;
import io.shiplog.gitwriter.edit.LocationUpdate;
import io.shiplog.gitwriter.git.GitFailure;
import io.shiplog.gitwriter.git.GitHandler;
import io.shiplog.gitwriter.git.NewCommit;
import io.shiplog.gitwriter.git.PushResult;
import io.shiplog.gitwriter.git.ScanIndex;
import io.shiplog.gitwriter.manifest.ManifestScanner;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit loop of one config repository, on its own thread. Group commit: when idle, the first piece of work is
 * planned, committed and pushed at once; everything that arrives meanwhile (and within the optional debounce)
 * goes into the next single commit. A lost push race fetches, plans again on the new head and retries with
 * backoff, never forcing; an unreachable remote or rejected credentials keep the batch and retry later; a refusal
 * (protected branch) is reported and the batch dropped. Every new commit on the branch is published; the watch
 * list follows every head change.
 */
public final class RepositoryWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RepositoryWorker.class);

    private record Queued(Work work, CompletableFuture<Void> done) {
    }

    private final RepositoryProperties repo;
    private final GitHandler git;
    private final TagStore tags;
    private final CommitEvents events;
    private final TuningProperties tuning;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ScanIndex index;
    private final WatchListState watchList;
    private final LinkedBlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    private List<Queued> carried = new ArrayList<>();
    private GitFailure lastFailure;
    private ObjectId rescanAfter;
    private Instant retryAt;
    private int failures;
    private Instant nextFetch = Instant.MIN;
    private volatile String lastHead;
    private volatile String lastFetchFailure;
    private volatile List<String> problems = List.of();

    public RepositoryWorker(RepositoryProperties repo, GitHandler git, TagStore tags, CommitEvents events,
                            ManifestScanner scanner, WatchListState watchList, TuningProperties tuning,
                            MeterRegistry meters, Clock clock) {
        this.repo = repo;
        this.git = git;
        this.tags = tags;
        this.events = events;
        this.tuning = tuning;
        this.meters = meters;
        this.clock = clock;
        this.index = new ScanIndex(scanner);
        this.watchList = watchList;
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
        return lastHead;
    }

    /** What the repository looks like to this loop now (for {@code GET /status}). */
    public RepositoryStatus status() {
        return new RepositoryStatus(repo.name(), repo.url().replaceAll("//[^/@]+@", "//***@"), repo.branch(),
                lastHead, lastFetchFailure, problems, queue.size() + carried.size());
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
            fetchAndObserve();
            released.await();
            while (running) {
                List<Queued> batch = nextBatch();
                if (batch == null) {
                    fetchAndObserve();
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
            long wait = Math.max(0, Duration.between(clock.instant(), nextFetch).toMillis());
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
        if (fetch || !clock.instant().isBefore(nextFetch)) {
            if (!fetchAndObserve() && work.isEmpty()) {
                batch.forEach(q -> q.done().complete(null));
                return;
            }
        }
        if (work.isEmpty()) {
            batch.forEach(q -> q.done().complete(null));
            return;
        }
        try {
            Outcome outcome = commitAndPush(work);
            switch (outcome) {
                case DONE -> {
                    failures = 0;
                    batch.forEach(q -> q.done().complete(null));
                    rescan();
                }
                case RETRY -> {
                    carried = new ArrayList<>(batch);
                    failures++;
                    retryAt = clock.instant().plus(backoff(failures));
                }
            }
        } catch (RuntimeException | IOException e) {
            LOG.error("repository {}: batch of {} items failed: {}", repo.name(), work.size(), e.toString(), e);
            batch.forEach(q -> q.done().completeExceptionally(e));
        } catch (CommitEvents.EventsUnavailableException e) {
            LOG.warn("repository {}: events not published, batch kept for a retry: {}", repo.name(),
                    e.getMessage());
            carried = new ArrayList<>(batch);
            failures++;
            retryAt = clock.instant().plus(backoff(failures));
        }
    }

    private enum Outcome { DONE, RETRY }

    /**
     * After a pushed commit's event is out (and its work reported done): the scan follows the commit (only its files
     * are rescanned) and the watch list is published. Off the latency path of the update itself; a crash here is
     * repaired at restart, which publishes the watch list of the head.
     */
    private void rescan() {
        ObjectId commit = rescanAfter;
        rescanAfter = null;
        if (commit == null) {
            return;
        }
        try {
            try (ObjectReader reader = git.newReader()) {
                index.moveTo(reader, git.treeOf(reader, commit));
            }
            reportProblems();
            publishWatchList(commit);
        } catch (IOException | RuntimeException | CommitEvents.EventsUnavailableException e) {
            LOG.warn("repository {}: watch list at {} not published: {}", repo.name(), commit.name(), e.toString());
            index.reset();
        }
    }

    private Outcome commitAndPush(List<Work> work) throws IOException, CommitEvents.EventsUnavailableException {
        for (int attempt = 1; ; attempt++) {
            ObjectId head = git.head();
            if (head == null) {
                GitFailure fetchFailure = lastFailure;
                if (failures > 0) {
                    return Outcome.RETRY;
                }
                events.publish(repo.url(), repo.branch(), List.of(fetchFailure != null
                        ? new CommitRecord.Failed(CommitRecord.GitFailureKind.of(fetchFailure.reason()),
                        fetchFailure.getMessage(), failures + 1, true, List.of(), List.of())
                        : new CommitRecord.Failed(CommitRecord.GitFailureKind.OTHER, "branch " + repo.branch()
                        + " of " + repo.name() + " does not exist (yet)", failures + 1, true, List.of(), List.of())));
                return Outcome.RETRY;
            }
            try (ObjectReader reader = git.newReader()) {
                ObjectId tree = git.treeOf(reader, head);
                if (!tree.equals(index.tree())) {
                    index.moveTo(reader, tree);
                }
            }
            BatchPlanner.Plan plan = BatchPlanner.plan(index.result(), tags, work);
            if (plan.empty()) {
                events.publish(repo.url(), repo.branch(), List.copyOf(plan.skipped()));
                count("skipped", plan.skipped().size());
                return Outcome.DONE;
            }
            Map<String, byte[]> files;
            LockEdits.Result locks;
            List<CommitRecord.Skipped> skipped = new ArrayList<>(plan.skipped());
            try (ObjectReader reader = git.newReader()) {
                var snapshot = git.snapshot(reader, head);
                files = new java.util.LinkedHashMap<>(FileEdits.apply(snapshot, plan.changes()));
                locks = LockEdits.apply(snapshot, files, plan.locks());
            } catch (EditConflictException e) {
                throw new IllegalStateException("edit of " + repo.name() + " at " + head.name()
                        + " conflicts with its own scan: " + e.getMessage(), e);
            }
            skipped.addAll(locks.skipped());
            List<ChangedValue> changes = plan.changes().stream().map(ChangedValue::of).toList();
            if (files.isEmpty()) {
                events.publish(repo.url(), repo.branch(), List.copyOf(skipped));
                count("skipped", skipped.size());
                return Outcome.DONE;
            }
            String eventId = UUID.randomUUID().toString();
            String correlation = plan.causes().isEmpty() ? eventId : plan.causes().get(0).correlationId();
            String message = CommitMessage.render(repo.commit().messageTemplate(), repo.branch(), changes,
                    locks.applied(), eventId, correlation, plan.causes());
            long started = System.nanoTime();
            ObjectId commit = git.commit(head, files, message, clock.instant());
            String target = repo.pushBranchFor(head.name());
            PushResult result;
            try {
                result = git.push(commit, target, repo.pushesElsewhere() ? null : head);
            } catch (GitFailure failure) {
                boolean retry = failure.reason().transientFailure();
                LOG.warn("repository {}: push of {} changes failed ({}), {}: {}", repo.name(), changes.size(),
                        failure.reason(), retry ? "will retry" : "dropped", failure.getMessage());
                count("push.failed", 1);
                events.publish(repo.url(), repo.branch(), List.of(new CommitRecord.Failed(
                        CommitRecord.GitFailureKind.of(failure.reason()), failure.getMessage(), attempt, retry,
                        changes, plan.causes())));
                return retry ? Outcome.RETRY : Outcome.DONE;
            }
            if (result instanceof PushResult.Stale stale) {
                if (repo.pushesElsewhere()) {
                    events.publish(repo.url(), repo.branch(), List.of(new CommitRecord.Skipped(
                            changes.get(0).repository(), changes.get(0).toTag(), changes.get(0).toDigest(),
                            CommitRecord.SkipReason.ALREADY_CURRENT, "already proposed on branch " + target, null,
                            null, plan.causes().get(0))));
                    return Outcome.DONE;
                }
                LOG.info("repository {}: branch moved while pushing ({}), fetching and planning again (attempt {})",
                        repo.name(), stale.message(), attempt);
                count("push.stale", 1);
                if (attempt >= tuning.maxPushAttempts()) {
                    events.publish(repo.url(), repo.branch(), List.of(new CommitRecord.Failed(
                            CommitRecord.GitFailureKind.CONFLICT, "branch kept moving: " + attempt
                            + " pushes lost the race", attempt, true, changes, plan.causes())));
                    return Outcome.RETRY;
                }
                sleep(backoff(attempt).dividedBy(4));
                if (!fetchAndObserve()) {
                    return Outcome.RETRY;
                }
                continue;
            }
            NewCommit pushed = git.describe(commit);
            LOG.info("repository {}: pushed {} to {} with {} changes in {} files ({} ms, attempt {})", repo.name(),
                    commit.name(), target, changes.size(), files.size(), (System.nanoTime() - started) / 1_000_000,
                    attempt);
            count("commits", 1);
            List<CommitRecord> records = new ArrayList<>();
            records.add(new CommitRecord.Committed(target, pushed, changes, plan.causes(), attempt, eventId,
                    correlation));
            records.addAll(skipped);
            if (repo.pushesElsewhere()) {
                events.publish(repo.url(), repo.branch(), records);
                return Outcome.DONE;
            }
            events.publish(repo.url(), repo.branch(), records);
            git.markPublished(commit);
            lastHead = commit.name();
            rescanAfter = commit;
            return Outcome.DONE;
        }
    }

    /**
     * Fetches, then publishes every commit since the last published one: Shiplog's own (a push whose event was
     * lost, found by its trailers) as {@code ManifestsCommitted}, anyone else's as {@code CommitObserved}; then
     * the watch list. Returns false when the fetch failed.
     */
    private boolean fetchAndObserve() {
        nextFetch = clock.instant().plus(repo.fetchInterval());
        ObjectId head;
        try {
            head = git.fetch();
        } catch (GitFailure failure) {
            if (!failure.getMessage().equals(lastFetchFailure)) {
                LOG.warn("repository {}: {} ({})", repo.name(), failure.getMessage(), failure.reason());
            }
            lastFailure = failure;
            lastFetchFailure = failure.getMessage();
            count("fetch.failed", 1);
            return false;
        }
        if (lastFailure != null) {
            LOG.info("repository {}: fetch works again", repo.name());
        }
        lastFailure = null;
        lastFetchFailure = null;
        if (head == null) {
            return true;
        }
        try {
            observe(head);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.error("repository {}: cannot read new commits up to {}: {}", repo.name(), head.name(), e.toString(),
                    e);
        } catch (CommitEvents.EventsUnavailableException e) {
            LOG.warn("repository {}: new commits up to {} not published yet: {}", repo.name(), head.name(),
                    e.getMessage());
        }
        return false;
    }

    private void observe(ObjectId head) throws IOException, CommitEvents.EventsUnavailableException {
        ObjectId published = git.published();
        if (head.equals(published) && index.tree() != null) {
            lastHead = head.name();
            return;
        }
        if (published == null) {
            NewCommit first = git.describe(head);
            try (ObjectReader reader = git.newReader()) {
                index.moveTo(reader, git.treeOf(reader, head));
            }
            events.publish(repo.url(), repo.branch(), List.of(new CommitRecord.Observed(first)));
            LOG.info("repository {}: first sight of {} at {}", repo.name(), repo.branch(), head.name());
        } else {
            if (index.tree() == null) {
                try (ObjectReader reader = git.newReader()) {
                    index.moveTo(reader, git.treeOf(reader, published));
                }
            }
            for (NewCommit commit : git.commitsBetween(published, head)) {
                events.publish(repo.url(), repo.branch(), List.of(recordOf(commit)));
                git.markPublished(ObjectId.fromString(commit.sha()));
            }
        }
        git.markPublished(head);
        lastHead = head.name();
        reportProblems();
        publishWatchList(head);
    }

    /** Logs the scan problems that are new at this head, once each, with file and line. */
    private void reportProblems() {
        List<String> now = index.result().problems().stream().map(Object::toString).toList();
        for (String problem : now) {
            if (!problems.contains(problem)) {
                LOG.warn("repository {} at {}: {}", repo.name(), lastHead, problem);
            }
        }
        meters.gauge("shiplog.gitwriter.scan.problems", List.of(io.micrometer.core.instrument.Tag.of("repository",
                repo.name())), this, w -> w.problems.size());
        problems = now;
    }

    /** The event of a new commit; moves the scan index to the commit's tree. */
    private CommitRecord recordOf(NewCommit commit) throws IOException {
        var before = index.result();
        try (ObjectReader reader = git.newReader()) {
            index.moveTo(reader, git.treeOf(reader, ObjectId.fromString(commit.sha())));
        }
        if (!commit.shiplogCommit()) {
            LOG.info("repository {}: new commit {} by {} on {} ({} paths)", repo.name(), commit.sha(),
                    commit.authorName(), repo.branch(), commit.changedPaths().size());
            return new CommitRecord.Observed(commit);
        }
        List<ChangedValue> changes = Reconstruction.changes(before, index.result(), commit.changedPaths());
        List<String> causeIds = commit.trailers().getOrDefault(
                io.shiplog.gitwriter.git.CommitTrailers.CAUSE, List.of());
        String eventId = commit.trailers().get(io.shiplog.gitwriter.git.CommitTrailers.COMMIT).get(0);
        String correlation = commit.trailers().getOrDefault(io.shiplog.gitwriter.git.CommitTrailers.CORRELATION,
                List.of(eventId)).get(0);
        LOG.info("repository {}: Shiplog commit {} has no published event yet; publishing it from its trailers",
                repo.name(), commit.sha());
        count("repaired", 1);
        return new CommitRecord.Committed(repo.branch(), commit, changes,
                causeIds.stream().map(id -> new EventCause(correlation, id)).toList(), 1, eventId, correlation);
    }

    private void publishWatchList(ObjectId head) throws CommitEvents.EventsUnavailableException {
        var entries = index.result().watchList();
        List<String> removed = watchList.replace(repo.url(), entries);
        events.publishWatchList(repo.url(), repo.branch(), head.name(), entries, removed);
        watchList.save();
    }

    private Duration backoff(int attempt) {
        Duration d = tuning.retryInitialBackoff().multipliedBy(1L << Math.min(16, Math.max(0, attempt - 1)));
        return d.compareTo(tuning.retryMaxBackoff()) > 0 ? tuning.retryMaxBackoff() : d;
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void count(String what, int n) {
        meters.counter("shiplog.gitwriter." + what, "repository", repo.name()).increment(n);
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
