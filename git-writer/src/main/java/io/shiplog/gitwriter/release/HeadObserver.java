package io.shiplog.gitwriter.release;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.shiplog.gitwriter.config.RepositoryProperties;
import io.shiplog.gitwriter.config.TuningProperties;
import io.shiplog.gitwriter.git.CommitTrailers;
import io.shiplog.gitwriter.git.GitFailure;
import io.shiplog.gitwriter.git.GitHandler;
import io.shiplog.gitwriter.git.NewCommit;
import io.shiplog.gitwriter.git.ScanIndex;
import io.shiplog.schemas.event.EventCause;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the watched branch of one config repository: fetches it, publishes every new commit (anyone's as
 * {@code CommitObserved}; a Shiplog commit whose event was lost in a crash as its {@code ManifestsCommitted},
 * rebuilt from the trailers), keeps the scan index at the head, logs new scan problems once and publishes the watch
 * list. Only while this instance owns the repository: otherwise it only keeps the index at the head, for planning.
 * A commit whose event is already on {@code shiplog.commits} (another instance's, or before a handover) is not
 * published again; another instance's recent Shiplog commit without event is given {@code repair-grace} to appear
 * ({@link HeadDecisions} decides per commit; this class does the git and the publishing). Used by the repository's
 * loop thread only; the getters may be read from any thread.
 */
final class HeadObserver {

    private static final Logger LOG = LoggerFactory.getLogger(HeadObserver.class);

    private final RepositoryProperties repo;
    private final GitHandler git;
    private final CommitEvents events;
    private final WatchListState watchList;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ScanIndex index;
    private final Outage outage;
    private final PublishedCommits publications;
    private final HeadDecisions decisions;
    private final TuningProperties tuning;
    private final Set<String> ownPublished = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 1000;
        }
    });
    private volatile boolean owner = true;
    private final List<EventCause> observed = new ArrayList<>();

    private Instant nextFetch = Instant.MIN;
    private GitFailure lastFailure;
    private volatile String lastHead;
    private volatile String lastFetchFailure;
    private volatile List<String> problems = List.of();

    HeadObserver(RepositoryProperties repo, GitHandler git, CommitEvents events, WatchListState watchList,
                 ScanIndex index, Outage outage, PublishedCommits publications, String writerId,
                 TuningProperties tuning, MeterRegistry meters, Clock clock) {
        this.outage = outage;
        this.publications = publications;
        this.decisions = new HeadDecisions(writerId, tuning.repairGrace(), tuning.publicationLookback());
        this.tuning = tuning;
        this.repo = repo;
        this.git = git;
        this.events = events;
        this.watchList = watchList;
        this.index = index;
        this.meters = meters;
        this.clock = clock;
        meters.gauge("shiplog.gitwriter.scan.problems", List.of(Tag.of("repository", repo.name())), this,
                o -> o.problems.size());
    }

    ScanIndex index() {
        return index;
    }

    /** When the next interval fetch is due. */
    Instant nextFetch() {
        return nextFetch;
    }

    /** The failure of the last fetch; null when it worked. */
    GitFailure lastFailure() {
        return lastFailure;
    }

    String head() {
        return lastHead;
    }

    String fetchFailure() {
        return lastFetchFailure;
    }

    List<String> problems() {
        return problems;
    }

    /** Whether this instance does the repository's duties (observing, repair, watch list). */
    boolean owner() {
        return owner;
    }

    /** Sets the ownership (from the inbound consumer's assignment); returns whether it changed. */
    boolean ownership(boolean owns) {
        boolean changed = owner != owns;
        owner = owns;
        return changed;
    }

    /**
     * Records a commit this loop pushed on {@code base} and whose event it published. The published ref follows only
     * if nothing before it is still unpublished; otherwise the next walk finds the commit already published.
     */
    void pushed(ObjectId commit, ObjectId base) throws IOException {
        lastHead = commit.name();
        ownPublished.add(commit.name());
        if (owner && base.equals(git.published())) {
            git.markPublished(commit);
        }
    }


    /**
     * Fetches, then publishes every commit since the last published one and the watch list. Returns false when the
     * fetch failed or the new commits could not be published.
     */
    boolean fetchAndObserve() {
        nextFetch = clock.instant().plus(repo.fetchInterval());
        ObjectId head;
        try {
            head = git.fetch();
        } catch (GitFailure failure) {
            if (outage.failed(failure, false)) {
                LOG.warn("repository {}: {} ({}); retrying quietly until it works again", repo.name(),
                        failure.getMessage(), failure.reason());
            } else {
                LOG.debug("repository {}: still failing: {}", repo.name(), failure.getMessage());
            }
            lastFailure = failure;
            lastFetchFailure = failure.getMessage();
            count("fetch.failed");
            return false;
        }
        if (outage.worked(false)) {
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
        if (!owner) {
            moveIndexTo(head);
            recordWatchList();
            lastHead = head.name();
            return;
        }
        ObjectId published = git.published();
        if (head.equals(published) && index.tree() != null) {
            lastHead = head.name();
            return;
        }
        if (published == null) {
            NewCommit first = git.describe(head);
            moveIndexTo(head);
            if (!publishedSince(List.of(first)).contains(first.sha())) {
                events.publish(repo.url(), repo.branch(), List.of(new CommitRecord.Observed(first)));
                LOG.info("repository {}: first sight of {} at {}", repo.name(), repo.branch(), head.name());
            }
        } else {
            moveIndexTo(published);
            List<NewCommit> commits = git.commitsBetween(published, head);
            Set<String> out = publishedSince(commits);
            for (NewCommit commit : commits) {
                HeadDecisions.Verdict verdict = decisions.verdict(commit, ownPublished, out, clock.instant());
                if (verdict == HeadDecisions.Verdict.ALREADY_PUBLISHED) {
                    moveIndexTo(ObjectId.fromString(commit.sha()));
                } else if (verdict == HeadDecisions.Verdict.AWAIT_WRITER) {
                    LOG.info("repository {}: Shiplog commit {} by another instance has no event yet; waiting up to {}",
                            repo.name(), commit.sha(), tuning.repairGrace());
                    nextFetch = clock.instant().plusSeconds(1);
                    lastHead = head.name();
                    return;
                } else {
                    events.publish(repo.url(), repo.branch(), List.of(recordOf(commit)));
                }
                git.markPublished(ObjectId.fromString(commit.sha()));
            }
        }
        git.markPublished(head);
        lastHead = head.name();
        reportProblems();
        publishWatchList(head);
    }

    /**
     * The identities of the {@code CommitObserved} events published since the last call (other people's commits this
     * loop saw), oldest first.
     */
    List<EventCause> takeObserved() {
        List<EventCause> taken = List.copyOf(observed);
        observed.clear();
        return taken;
    }

    /** The shas already on {@code shiplog.commits} among {@code commits}; no lookup when this loop made them all. */
    private Set<String> publishedSince(List<NewCommit> commits) throws CommitEvents.EventsUnavailableException {
        Optional<Instant> since = decisions.lookupSince(commits, ownPublished, clock.instant());
        return since.isEmpty() ? Set.of() : publications.since(repo.url(), repo.branch(), since.get());
    }

    /**
     * After a pushed commit's event is out: the scan follows the commit (only its files are rescanned) and the watch
     * list is published. A failure here is repaired by the next head change or restart.
     */
    void rescan(ObjectId commit) {
        try {
            moveIndexTo(commit);
            if (!owner) {
                recordWatchList();
                return;
            }
            reportProblems();
            publishWatchList(commit);
        } catch (IOException | RuntimeException | CommitEvents.EventsUnavailableException e) {
            LOG.warn("repository {}: watch list at {} not published: {}", repo.name(), commit.name(), e.toString());
            index.reset();
        }
    }

    /** Moves the scan index to the tree of {@code commit} (only changed entries are rescanned). */
    void moveIndexTo(ObjectId commit) throws IOException {
        try (ObjectReader reader = git.newReader()) {
            ObjectId tree = git.treeOf(reader, commit);
            if (!tree.equals(index.tree())) {
                index.moveTo(reader, tree);
            }
        }
    }

    /** Logs the scan problems that are new at this head, once each, with file and line. */
    private void reportProblems() {
        List<String> now = index.result().problems().stream().map(Object::toString).toList();
        for (String problem : now) {
            if (!problems.contains(problem)) {
                LOG.warn("repository {} at {}: {}", repo.name(), lastHead, problem);
            }
        }
        problems = now;
    }

    /** The event of a new commit; moves the scan index to the commit's tree. */
    private CommitRecord recordOf(NewCommit commit) throws IOException {
        var before = index.result();
        moveIndexTo(ObjectId.fromString(commit.sha()));
        if (!commit.shiplogCommit()) {
            LOG.info("repository {}: new commit {} by {} on {} ({} paths)", repo.name(), commit.sha(),
                    commit.authorName(), repo.branch(), commit.changedPaths().size());
            CommitRecord.Observed record = new CommitRecord.Observed(commit);
            observed.add(record.identity());
            return record;
        }
        List<ChangedValue> changes = Reconstruction.changes(before, index.result(), commit.changedPaths());
        List<String> causeIds = commit.trailers().getOrDefault(CommitTrailers.CAUSE, List.of());
        String eventId = commit.trailers().get(CommitTrailers.COMMIT).get(0);
        String correlation = commit.trailers().getOrDefault(CommitTrailers.CORRELATION, List.of(eventId)).get(0);
        LOG.info("repository {}: Shiplog commit {} has no published event yet; publishing it from its trailers",
                repo.name(), commit.sha());
        count("repaired");
        return new CommitRecord.Committed(repo.branch(), commit, changes,
                causeIds.stream().map(id -> new EventCause(correlation, id)).toList(), 1, eventId, correlation);
    }

    private void publishWatchList(ObjectId head) throws CommitEvents.EventsUnavailableException {
        // one config repository at a time: a merged entry must not be overtaken by an older one of another loop
        synchronized (watchList) {
            WatchListState.Update update = watchList.replace(repo.url(), index.result().watchList());
            if (!update.entries().isEmpty() || !update.removed().isEmpty()) {
                events.publishWatchList(repo.url(), repo.branch(), head.name(), update.entries(), update.removed());
                watchList.published(update);
            }
            watchList.save();
        }
    }

    /**
     * Not the owner: only records this repository's entries in the process's watch list, so that the entries this
     * instance publishes for the repositories it owns merge the usages of every repository, owned or not.
     */
    private void recordWatchList() {
        synchronized (watchList) {
            watchList.replace(repo.url(), index.result().watchList());
        }
    }

    private void count(String what) {
        meters.counter("shiplog.gitwriter." + what, "repository", repo.name()).increment();
    }
}
