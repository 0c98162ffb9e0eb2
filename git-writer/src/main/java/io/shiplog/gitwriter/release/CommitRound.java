package io.shiplog.gitwriter.release;

import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.gitwriter.config.RepositoryProperties;
import io.shiplog.gitwriter.config.TuningProperties;
import io.shiplog.gitwriter.edit.EditConflictException;
import io.shiplog.gitwriter.forge.PullRequests;
import io.shiplog.gitwriter.git.CommitTrailers;
import io.shiplog.gitwriter.git.GitFailure;
import io.shiplog.gitwriter.git.GitHandler;
import io.shiplog.gitwriter.git.NewCommit;
import io.shiplog.gitwriter.git.PushResult;
import io.shiplog.gitwriter.manifest.ManifestScanner;
import io.shiplog.gitwriter.manifest.ScanResult;
import io.shiplog.gitwriter.rollback.TargetResolver;
import io.shiplog.schemas.event.EventCause;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lands one batch: plans it at the head, edits, commits and pushes naming the commit it builds on (never a
 * force). A lost push race fetches, plans again on the new head and retries with backoff up to
 * {@code max-push-attempts}; an unreachable remote or rejected credentials keep the batch for a later round; a
 * refusal (protected branch) is reported and the batch dropped. Publishes what happened.
 */
final class CommitRound {

    private static final Logger LOG = LoggerFactory.getLogger(CommitRound.class);

    /** How a round ended. */
    sealed interface Result {
        /** Finished (committed, skipped or dropped); {@code pushed} is the new head of the watched branch or null. */
        record Done(ObjectId pushed) implements Result {
        }

        /** Keep the batch and try again after a backoff. */
        record Retry() implements Result {
        }
    }

    private final RepositoryProperties repo;
    private final GitHandler git;
    private final TagStore tags;
    private final CommitEvents events;
    private final HeadObserver observer;
    private final Outage outage;
    private final String writerId;
    private final TuningProperties tuning;
    private final ManifestScanner scanner;
    private final MeterRegistry meters;
    private final Clock clock;
    private final PullRequests pullRequests;

    /** @param pullRequests told what each push to a proposal branch holds; null without pull requests */
    CommitRound(RepositoryProperties repo, GitHandler git, TagStore tags, CommitEvents events, HeadObserver observer,
                Outage outage, String writerId, ManifestScanner scanner, TuningProperties tuning, MeterRegistry meters,
                Clock clock, PullRequests pullRequests) {
        this.pullRequests = pullRequests;
        this.outage = outage;
        this.scanner = scanner;
        this.writerId = writerId;
        this.repo = repo;
        this.git = git;
        this.tags = tags;
        this.events = events;
        this.observer = observer;
        this.tuning = tuning;
        this.meters = meters;
        this.clock = clock;
    }

    /** Runs one round for {@code work}; {@code failures} is how many rounds of this batch failed before. */
    Result run(List<Work> work, int failures) throws IOException, CommitEvents.EventsUnavailableException {
        for (int attempt = 1; ; attempt++) {
            ObjectId head = git.head();
            if (head == null) {
                return noBranch(failures);
            }
            String target = repo.pushBranchFor(head.name());
            try {
                Result result = attempt(work, attempt, head, target);
                if (result != null) {
                    return result;
                }
            } finally {
                if (repo.pushesElsewhere()) {
                    observer.moveIndexTo(head);
                }
            }
            if (attempt >= tuning.maxPushAttempts()) {
                return new Result.Retry();
            }
            if (!sleep(Backoff.of(tuning, attempt).dividedBy(4)) || !observer.fetchAndObserve()) {
                return new Result.Retry();
            }
        }
    }

    /** One attempt at {@code head}; null when the push lost a race and the round should plan again. */
    private Result attempt(List<Work> work, int attempt, ObjectId head, String target)
            throws IOException, CommitEvents.EventsUnavailableException {
        Proposal proposal;
        try {
            proposal = repo.pushesElsewhere() ? Proposal.of(git, observer, head, target)
                    : new Proposal(head, head, false, List.of());
        } catch (GitFailure failure) {
            return pushFailed(failure, attempt, List.of(), List.of());
        }
        observer.moveIndexTo(proposal.base());
        BatchPlanner.Plan planned = BatchPlanner.plan(observer.index().result(), tags, work,
                rollback -> rollbackTarget(rollback, proposal.base()));
        if (planned.empty()) {
            return skipped(planned.skipped());
        }
        BatchPlanner.Plan plan = proposal.withCarried(planned);
        BatchEdits edits;
        try (ObjectReader reader = git.newReader()) {
            edits = BatchEdits.of(plan, git.snapshot(reader, proposal.base()));
        } catch (EditConflictException e) {
            throw new IllegalStateException("edit of " + repo.name() + " at " + proposal.base().name()
                    + " conflicts with its own scan: " + e.getMessage(), e);
        }
        if (edits.empty()) {
            return skipped(edits.skipped());
        }
        String eventId = UUID.randomUUID().toString();
        String correlation = plan.causes().isEmpty() ? eventId : plan.causes().get(0).correlationId();
        String message = CommitMessage.render(repo.commit().messageTemplate(), repo.branch(), edits.changes(),
                edits.locks(), plan.rollbacks(), eventId, correlation, plan.causes()) + CommitTrailers.WRITER + ": "
                + writerId + "\n";
        long started = System.nanoTime();
        ObjectId commit = git.commit(proposal.base(), edits.files(), message, clock.instant());
        PushResult result;
        try {
            result = git.push(commit, target, proposal.expected(), proposal.rewrite());
        } catch (GitFailure failure) {
            return pushFailed(failure, attempt, edits.changes(), plan.causes());
        }
        if (result instanceof PushResult.Stale stale) {
            LOG.info("repository {}: branch {} moved while pushing ({}), fetching and planning again (attempt {})",
                    repo.name(), target, stale.message(), attempt);
            count("push.stale");
            if (attempt >= tuning.maxPushAttempts()) {
                events.publish(repo.url(), repo.branch(), List.of(new CommitRecord.Failed(
                        CommitRecord.GitFailureKind.CONFLICT, "branch kept moving: " + attempt
                        + " pushes lost the race", attempt, true, edits.changes(), plan.causes())));
            }
            return null;
        }
        Result done = pushed(commit, proposal.base(), target, attempt, edits, eventId, correlation, started);
        if (pullRequests != null && repo.pushesElsewhere()) {
            propose(head, commit, target);
        }
        return done;
    }

    /** Tells the pull requests every change {@code target} (at {@code commit}) holds against {@code head}. */
    private void propose(ObjectId head, ObjectId commit, String target) throws IOException {
        observer.moveIndexTo(commit);
        ScanResult atTip = observer.index().result();
        observer.moveIndexTo(head);
        pullRequests.proposed(target, BranchChanges.between(observer.index().result(), atTip));
    }

    /** The commit a rollback goes back to, at or below {@code head}, and the automated images there. */
    private RollbackScan rollbackTarget(Work.Rollback rollback, ObjectId head) {
        try {
            ObjectId done = TargetResolver.answering(git, head, rollback.cause().eventId());
            if (done != null) {
                return RollbackScan.done(done.name());
            }
            ObjectId target = TargetResolver.resolve(git, head, rollback.target());
            try (ObjectReader reader = git.newReader()) {
                return new RollbackScan(target.name(), scanner.scan(git.snapshot(reader, target)));
            }
        } catch (TargetResolver.NotOnBranchException e) {
            LOG.warn("repository {}: rollback of cluster {} to {} requested by {} refused: {}", repo.name(),
                    rollback.cluster().name(), rollback.target().describe(), rollback.requestedBy(), e.getMessage());
            return RollbackScan.refused(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("looking up " + rollback.target().describe() + " in " + repo.name(), e);
        }
    }

    private Result noBranch(int failures) throws CommitEvents.EventsUnavailableException {
        GitFailure fetchFailure = observer.lastFailure();
        if (fetchFailure != null ? !outage.firstReport() : failures > 0) {
            return new Result.Retry();
        }
        events.publish(repo.url(), repo.branch(), List.of(fetchFailure != null
                ? new CommitRecord.Failed(CommitRecord.GitFailureKind.of(fetchFailure.reason()),
                fetchFailure.getMessage(), failures + 1, true, List.of(), List.of())
                : new CommitRecord.Failed(CommitRecord.GitFailureKind.OTHER, "branch " + repo.branch()
                + " of " + repo.name() + " does not exist (yet)", failures + 1, true, List.of(), List.of())));
        return new Result.Retry();
    }

    private Result skipped(List<CommitRecord.Skipped> skipped) throws CommitEvents.EventsUnavailableException {
        events.publish(repo.url(), repo.branch(), List.copyOf(skipped));
        meters.counter("shiplog.gitwriter.skipped", "repository", repo.name()).increment(skipped.size());
        return new Result.Done(null);
    }

    private Result pushFailed(GitFailure failure, int attempt, List<ChangedValue> changes, List<EventCause> causes)
            throws CommitEvents.EventsUnavailableException {
        boolean retry = failure.reason().transientFailure();
        count("push.failed");
        if (retry && !outage.failed(failure, true)) {
            LOG.debug("repository {}: push still failing: {}", repo.name(), failure.getMessage());
        } else {
            LOG.warn("repository {}: push of {} changes failed ({}), {}: {}", repo.name(), changes.size(),
                    failure.reason(), retry ? "will retry quietly until it works again" : "dropped",
                    failure.getMessage());
        }
        if (retry && !outage.firstReport()) {
            return new Result.Retry();
        }
        events.publish(repo.url(), repo.branch(), List.of(new CommitRecord.Failed(
                CommitRecord.GitFailureKind.of(failure.reason()), failure.getMessage(), attempt, retry,
                changes, causes)));
        return retry ? new Result.Retry() : new Result.Done(null);
    }

    private Result pushed(ObjectId commit, ObjectId base, String target, int attempt, BatchEdits edits, String eventId,
                          String correlation, long started) throws IOException,
            CommitEvents.EventsUnavailableException {
        NewCommit pushed = git.describe(commit);
        LOG.info("repository {}: pushed {} to {} with {} changes in {} files ({} ms, attempt {})", repo.name(),
                commit.name(), target, edits.changes().size(), edits.files().size(),
                (System.nanoTime() - started) / 1_000_000, attempt);
        count("commits");
        if (outage.worked(true)) {
            LOG.info("repository {}: pushes work again", repo.name());
        }
        List<CommitRecord> records = new ArrayList<>();
        records.add(new CommitRecord.Committed(target, pushed, edits.changes(), edits.plan().causes(), attempt,
                eventId, correlation));
        records.addAll(edits.skipped());
        events.publish(repo.url(), repo.branch(), records);
        if (repo.pushesElsewhere()) {
            return new Result.Done(null);
        }
        observer.pushed(commit, base);
        return new Result.Done(commit);
    }

    /** Sleeps; false when interrupted (the loop is closing). */
    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void count(String what) {
        meters.counter("shiplog.gitwriter." + what, "repository", repo.name()).increment();
    }
}
