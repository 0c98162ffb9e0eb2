package io.shiplog.applier.reconcile;

import io.shiplog.schemas.event.EventCause;
import java.util.List;
import java.util.Objects;

/**
 * Apply one commit of a config repository branch to a cluster. This is the single path for every trigger, so a
 * replay applies a given commit exactly as a new commit is applied.
 *
 * @param skippedCommits commits passed over because this newer one was already there
 * @param cause          the event answered; null when the applier starts it (resync)
 */
public record ApplyRequest(String configRepo, String branch, String commitSha, Trigger trigger,
                           List<String> skippedCommits, EventCause cause) {

    public ApplyRequest {
        Objects.requireNonNull(configRepo, "configRepo");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(commitSha, "commitSha");
        Objects.requireNonNull(trigger, "trigger");
        skippedCommits = List.copyOf(skippedCommits);
    }

    /** This request passing over {@code more} commits too (each listed once, in the order given after ours). */
    public ApplyRequest passingOver(List<String> more) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(skippedCommits);
        all.addAll(more);
        all.remove(commitSha);
        return all.size() == skippedCommits.size() ? this
                : new ApplyRequest(configRepo, branch, commitSha, trigger, List.copyOf(all), cause);
    }
}
