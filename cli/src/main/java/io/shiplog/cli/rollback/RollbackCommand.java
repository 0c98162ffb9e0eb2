package io.shiplog.cli.rollback;

import io.shiplog.cli.audit.LogOptions;
import io.shiplog.cli.cluster.CommandFollow;
import io.shiplog.cli.common.Times;
import io.shiplog.cli.release.ReleaseWatch;
import io.shiplog.events.Command;
import io.shiplog.events.CommitEvent;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.events.RollbackCluster;
import io.shiplog.events.UpdateSkipped;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shiplog rollback --cluster NAME --to X}: a GitOps rollback ({@code RollbackCluster} on
 * {@code shiplog.commands}): git-writer commits the cluster's automated images back to their values at a commit and
 * locks the workloads it moves; the CLI follows the commit and the cluster's apply of it.
 */
@picocli.CommandLine.Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Roll a cluster's images back: git-writer commits every automated image under the cluster's "
            + "paths back to its value at the --to commit (markers and policies stay), locks the workloads it moves "
            + "so automation leaves them there (shiplog workload unlock lets it go on), and the cluster applies the "
            + "commit; waits for that apply and prints what changed. Unlike replay cluster, git stays the truth.",
            "Exit 0: applied (or nothing to roll back), 1: refused (unknown cluster, target not on the branch), "
            + "failed or no answer in time, 2: usage."})
public final class RollbackCommand implements Callable<Integer> {

    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,40}");

    @Spec
    CommandSpec spec;

    @Mixin
    LogOptions log;

    @Option(names = "--cluster", required = true, paramLabel = "NAME", description = "The cluster to roll back.")
    String cluster;

    @Option(names = "--to", required = true, paramLabel = "COMMIT|TIME|RELEASE",
            description = "Where to go back to: a commit sha of the cluster's branch (7 to 40 hex digits), a time "
                    + "(ISO-8601 like 2026-12-07T09:00:00Z, or an age like 2h: the last commit at or before it), or a "
                    + "release (its correlation id: the commit Shiplog made for it).")
    String to;

    @Option(names = "--reason", description = "Why (goes into the commit message and the lock).")
    String reason;

    @Option(names = "--requested-by", paramLabel = "WHO",
            description = "Who asks (default: the context's user, else yours on this machine).")
    String requestedBy;

    @Option(names = "--timeout", defaultValue = "5m",
            description = "How long to wait for the commit and the apply, like 90s or 10m (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RollbackCluster.Builder payload = RollbackCluster.newBuilder().setCluster(cluster).setToCommitSha("");
        String target;
        try {
            target = target(to.strip(), payload);
        } catch (IllegalArgumentException e) {
            err.println("shiplog rollback: --to " + e.getMessage());
            return 2;
        }
        String who = requestedBy != null && !requestedBy.isBlank() ? requestedBy : log.user();
        Command command = Command.newBuilder().setMeta(new MetaFactory("shiplog-cli/" + who).root())
                .setPayload(payload.setRequestedBy(who).setReason(reason).build()).build();
        ReleaseWatch watch = new ReleaseWatch(List.of(cluster), out, err);
        CommandFollow.Answer answer = (event, id) -> {
            if (!watch.commits().isEmpty() && event instanceof CommitEvent commit
                    && commit.getPayload() instanceof UpdateSkipped s && id.equals(commit.getMeta().getCausationId())) {
                // after the commit: an image the rollback left as it is (not automated at the target commit)
                out.println("  left as it is: " + s.getDetail());
                return Optional.empty();
            }
            Optional<Integer> done = watch.step(event, id);
            if (event instanceof CommitEvent commit && commit.getPayload() instanceof ManifestsCommitted c
                    && c.getCausingEventIds().contains(id)) {
                c.getChanges().forEach(change -> out.println("  " + change.getPath() + ": " + change.getFrom()
                        + " -> " + change.getTo()));
                out.flush();
            }
            return done;
        };
        return new CommandFollow(log, out, err).run(cluster, command,
                id -> "rollback of cluster " + cluster + " to " + target + " requested by " + who + " (command "
                        + id + ")", List.of(TopicCatalogue.COMMITS.name(), TopicCatalogue.APPLIES.name()), answer,
                timeout, "git-writer and the applier of " + cluster);
    }

    /** Sets the target field {@code text} means and describes it; a time is resolved here (an age from now). */
    private static String target(String text, RollbackCluster.Builder payload) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("is empty: give a commit sha, a time or a release id");
        }
        if (SHA.matcher(text).matches()) {
            payload.setToCommitSha(text.toLowerCase(Locale.ROOT));
            return "commit " + text;
        }
        Instant at;
        try {
            at = Times.time(text, Instant.now());
        } catch (IllegalArgumentException notATime) {
            payload.setToRelease(text);
            return "release " + text;
        }
        payload.setToTime(at);
        return "the last commit at or before " + at;
    }
}
