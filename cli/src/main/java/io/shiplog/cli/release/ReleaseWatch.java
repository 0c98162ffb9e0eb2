package io.shiplog.cli.release;

import io.shiplog.cli.cluster.CommandFollow;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ApplyFailed;
import io.shiplog.events.ApplyStatus;
import io.shiplog.events.CommitEvent;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.events.SkipReason;
import io.shiplog.events.UpdateSkipped;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A release followed through the log: git-writer's commits caused by the command (or why nothing was committed),
 * then the applies of those commits (or of later ones that include them) until the clusters waited for have them.
 */
public final class ReleaseWatch implements CommandFollow.Answer {

    private final List<String> wanted;
    private final PrintWriter out;
    private final PrintWriter err;
    private final List<String> commits = new ArrayList<>();
    private final Set<String> applied = new LinkedHashSet<>();
    private final Set<String> failed = new LinkedHashSet<>();

    /** @param wanted the clusters to wait for; empty: the first cluster that applies the release */
    public ReleaseWatch(List<String> wanted, PrintWriter out, PrintWriter err) {
        this.wanted = List.copyOf(wanted);
        this.out = out;
        this.err = err;
    }

    public List<String> commits() {
        return commits;
    }

    Set<String> applied() {
        return applied;
    }

    @Override
    public Optional<Integer> step(Object event, String commandId) {
        if (event instanceof CommitEvent commit) {
            if (commit.getPayload() instanceof ManifestsCommitted c && c.getCausingEventIds().contains(commandId)) {
                commits.add(c.getSha());
                out.println("committed " + c.getSha() + " to " + c.getBranch() + " of " + c.getConfigRepo() + " ("
                        + c.getChanges().size() + " changes)");
                out.flush();
            } else if (commit.getPayload() instanceof UpdateSkipped s
                    && commandId.equals(commit.getMeta().getCausationId())) {
                out.println("nothing committed in " + s.getConfigRepo() + " (" + s.getReason() + "): " + s.getDetail());
                if (commits.isEmpty()) {
                    return Optional.of(s.getReason() == SkipReason.ALREADY_CURRENT ? 0 : 1);
                }
            }
            return Optional.empty();
        }
        if (!(event instanceof ApplyEvent apply) || commits.isEmpty()) {
            return Optional.empty();
        }
        if (apply.getPayload() instanceof ApplyCompleted c && (commits.contains(c.getCommitSha())
                || c.getSkippedCommits().stream().anyMatch(commits::contains))) {
            if (!waitsFor(c.getCluster())) {
                return Optional.empty();
            }
            out.println("applied " + c.getCommitSha() + " on " + c.getCluster() + " in " + c.getDurationMs() + " ms: "
                    + c.getStatus());
            out.flush();
            applied.add(c.getCluster());
            if (c.getStatus() != ApplyStatus.SUCCEEDED) {
                failed.add(c.getCluster());
            }
            if (wanted.isEmpty() || applied.containsAll(wanted)) {
                if (!failed.isEmpty()) {
                    err.println("the apply did not succeed on " + failed);
                }
                return Optional.of(failed.isEmpty() ? 0 : 1);
            }
        } else if (apply.getPayload() instanceof ApplyFailed f && commits.contains(f.getCommitSha())
                && waitsFor(f.getCluster())) {
            // the applier retries: this is progress, not the end
            out.println("not applied on " + f.getCluster() + " yet (" + f.getReason() + ", attempt " + f.getAttempt()
                    + "): " + f.getMessage());
            out.flush();
        }
        return Optional.empty();
    }

    private boolean waitsFor(String cluster) {
        return wanted.isEmpty() || wanted.contains(cluster);
    }
}
