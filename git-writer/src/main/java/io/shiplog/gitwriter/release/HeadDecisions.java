package io.shiplog.gitwriter.release;

import io.shiplog.gitwriter.git.CommitTrailers;
import io.shiplog.gitwriter.git.NewCommit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the owner of a config repository does with each new commit on its branch, without git or Kafka: skip one
 * whose event is already out, wait for another instance's recent Shiplog commit to get its event, publish the rest
 * (anyone's commit as observed, a Shiplog commit whose event was lost as its repair). Used by {@link HeadObserver}.
 *
 * @param writerId    this instance's id (its own commits are never waited for)
 * @param repairGrace how long another instance's Shiplog commit may go without its event
 * @param lookback    how far back the log is read to find events already published
 */
record HeadDecisions(String writerId, Duration repairGrace, Duration lookback) {

    /** What to do with one new commit. */
    enum Verdict {
        /** Its event is on the log already: the index only moves on. */
        ALREADY_PUBLISHED,
        /** Another instance's Shiplog commit without its event yet: stop here and look again shortly. */
        AWAIT_WRITER,
        /** Publish its event. */
        PUBLISH
    }

    /**
     * @param ownPublished commits this loop pushed and published itself
     * @param onTheLog     commits whose events the log shows
     */
    Verdict verdict(NewCommit commit, Set<String> ownPublished, Set<String> onTheLog, Instant now) {
        if (ownPublished.contains(commit.sha()) || onTheLog.contains(commit.sha())) {
            return Verdict.ALREADY_PUBLISHED;
        }
        return awaitsItsWriter(commit, now) ? Verdict.AWAIT_WRITER : Verdict.PUBLISH;
    }

    /**
     * From when the log must be read to know which of {@code commits} are out already: ten minutes before the
     * earliest one this loop did not publish itself, but not before the lookback; empty when it published them all.
     */
    Optional<Instant> lookupSince(List<NewCommit> commits, Set<String> ownPublished, Instant now) {
        Optional<Instant> earliest = commits.stream().filter(c -> !ownPublished.contains(c.sha()))
                .map(NewCommit::committedAt).min(Instant::compareTo);
        if (earliest.isEmpty()) {
            return Optional.empty();
        }
        Instant floor = now.minus(lookback);
        Instant since = earliest.get().minus(Duration.ofMinutes(10));
        return Optional.of(since.isBefore(floor) ? floor : since);
    }

    /** A recent Shiplog commit of another instance whose event may still be on its way. */
    private boolean awaitsItsWriter(NewCommit commit, Instant now) {
        if (!commit.shiplogCommit()) {
            return false;
        }
        List<String> writer = commit.trailers().getOrDefault(CommitTrailers.WRITER, List.of());
        return !writer.contains(writerId) && commit.committedAt().isAfter(now.minus(repairGrace));
    }
}
