package io.shiplog.applier.replay;

import io.shiplog.applier.reconcile.ApplyRequest;
import io.shiplog.applier.reconcile.Trigger;
import java.util.List;
import java.util.Optional;

/**
 * Turns a {@link ReplayRequest} into the {@link ApplyRequest} the reconciler runs (trigger {@code REPLAY}): the
 * given commit, or the one the log says the cluster had at the time, or its last successful apply. The commit is
 * applied from the applying cluster's own repository, branch and paths.
 */
public final class ReplayPlanner {

    private final AppliesHistory history;

    public ReplayPlanner(AppliesHistory history) {
        this.history = history;
    }

    /** The apply to run, or empty when the log has no successful apply of the cluster at that time. */
    public Optional<ApplyRequest> plan(ReplayRequest replay, String repositoryUrl, String branch) {
        if (replay.commitSha() != null && !replay.commitSha().isBlank()) {
            return Optional.of(request(replay, repositoryUrl, branch, replay.commitSha().strip()));
        }
        return history.lastSuccessful(replay.cluster(), replay.atTime())
                .map(commit -> request(replay, repositoryUrl, branch, commit.sha()));
    }

    /** The request a replay that cannot be planned is reported with (no commit). */
    public static ApplyRequest unplanned(ReplayRequest replay, String repositoryUrl, String branch) {
        return request(replay, repositoryUrl, branch, "");
    }

    /** Why {@code replay} cannot be planned: the log holds no successful apply of the cluster at that time. */
    public static String noApplyMessage(ReplayRequest replay) {
        return "no successful apply of cluster " + replay.cluster() + (replay.atTime() == null ? ""
                : " at or before " + replay.atTime()) + " in the log";
    }

    private static ApplyRequest request(ReplayRequest replay, String repositoryUrl, String branch, String sha) {
        return new ApplyRequest(repositoryUrl, branch, sha, Trigger.REPLAY, List.of(), replay.cause());
    }
}
