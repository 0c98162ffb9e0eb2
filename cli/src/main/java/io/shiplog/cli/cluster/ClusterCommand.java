package io.shiplog.cli.cluster;

import io.shiplog.cli.audit.LogOptions;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyCounts;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ApplyFailed;
import io.shiplog.events.ApplyStarted;
import io.shiplog.events.ApplyStatus;
import io.shiplog.events.Command;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ResumeCluster;
import io.shiplog.events.ResyncCluster;
import io.shiplog.events.SuspendCluster;
import io.shiplog.events.SuspensionChanged;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shiplog reconcile|suspend|resume cluster NAME}: a command on {@code shiplog.commands} keyed by the cluster,
 * with who asked; the cluster-applier that applies the cluster executes it and answers on {@code shiplog.applies}
 * (an unknown cluster's command goes to the dead-letter topic with the reason, which is printed).
 */
public abstract class ClusterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LogOptions log;

    @Parameters(index = "0", paramLabel = "NAME", description = "The cluster, as the fleet file names it.")
    String cluster;

    @Option(names = "--reason", description = "Why (recorded with the command).")
    String reason;

    @Option(names = "--requested-by", paramLabel = "WHO",
            description = "Who asks (default: the context's user, else yours on this machine).")
    String requestedBy;

    @Option(names = "--timeout", defaultValue = "2m",
            description = "How long to wait for the applier's answer, like 30s or 5m (default ${DEFAULT-VALUE}).")
    Duration timeout;

    abstract Object payload(String who);

    abstract String verb();

    abstract Optional<Integer> answer(Object payload, PrintWriter out, PrintWriter err);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String who = requestedBy != null && !requestedBy.isBlank() ? requestedBy : log.user();
        Command command = Command.newBuilder().setMeta(new MetaFactory("shiplog-cli/" + who).root())
                .setPayload(payload(who)).build();
        return new CommandFollow(log, out, err).run(cluster, command, id -> verb() + " " + cluster + " requested by "
                + who + " (command " + id + ")", List.of(TopicCatalogue.APPLIES.name()), (event, id) ->
                event instanceof ApplyEvent apply && id.equals(apply.getMeta().getCausationId())
                        ? answer(apply.getPayload(), out, err) : Optional.empty(), timeout,
                "a cluster-applier for " + cluster);
    }

    /** {@code shiplog reconcile cluster NAME}. */
    @picocli.CommandLine.Command(name = "cluster", mixinStandardHelpOptions = true,
            description = {"Apply the cluster's branch now (a ResyncCluster command), like flux reconcile; waits for "
                + "the apply and prints its outcome.",
                "Exit 0: applied, 1: failed, partially failed, refused (an unknown cluster) or no answer."})
    public static final class Reconcile extends ClusterCommand {
        @Override
        Object payload(String who) {
            return ResyncCluster.newBuilder().setCluster(cluster).setRequestedBy(who).setReason(reason).build();
        }

        @Override
        String verb() {
            return "reconcile of";
        }

        @Override
        Optional<Integer> answer(Object payload, PrintWriter out, PrintWriter err) {
            if (payload instanceof ApplyStarted started) {
                out.println("applying commit " + started.getCommitSha() + " to " + started.getCluster() + ": "
                        + started.getObjectCount() + " objects");
                out.flush();
            } else if (payload instanceof ApplyCompleted completed) {
                ApplyCounts n = completed.getCounts();
                out.println("applied commit " + completed.getCommitSha() + " to " + completed.getCluster() + " in "
                        + completed.getDurationMs() + " ms: " + completed.getStatus() + (n == null ? ""
                        : " (created " + n.getCreated() + ", configured " + n.getConfigured() + ", unchanged "
                        + n.getUnchanged() + ", pruned " + n.getPruned() + ", failed " + n.getFailed() + ")"));
                completed.getResults().stream().filter(r -> r.getAction() == ObjectAction.FAILED).forEach(r ->
                        out.println("  failed " + r.getObject().getKind() + "/" + r.getObject().getName() + ": "
                                + r.getMessage()));
                return Optional.of(completed.getStatus() == ApplyStatus.SUCCEEDED ? 0 : 1);
            } else if (payload instanceof ApplyFailed failed) {
                err.println("reconcile of " + failed.getCluster() + " failed (" + failed.getReason() + "): "
                        + failed.getMessage());
                return Optional.of(1);
            }
            return Optional.empty();
        }
    }

    /** {@code shiplog suspend|resume cluster NAME}. */
    abstract static class Suspension extends ClusterCommand {
        abstract boolean suspend();

        @Override
        Object payload(String who) {
            return suspend() ? SuspendCluster.newBuilder().setCluster(cluster).setRequestedBy(who).setReason(reason)
                    .build()
                    : ResumeCluster.newBuilder().setCluster(cluster).setRequestedBy(who).setReason(reason).build();
        }

        @Override
        String verb() {
            return suspend() ? "suspend of" : "resume of";
        }

        @Override
        Optional<Integer> answer(Object payload, PrintWriter out, PrintWriter err) {
            if (payload instanceof SuspensionChanged changed) {
                out.println("cluster " + changed.getCluster() + " is " + (changed.getSuspended() ? "suspended: "
                        + "commits are not applied until shiplog resume cluster " + changed.getCluster()
                        : "applied again: the newest commit of its branch is applied"));
                return Optional.of(changed.getSuspended() == suspend() ? 0 : 1);
            }
            return Optional.empty();
        }
    }

    /** {@code shiplog suspend cluster NAME}. */
    @picocli.CommandLine.Command(name = "cluster", mixinStandardHelpOptions = true,
            description = {"Stop applying the cluster (a SuspendCluster command, recorded with who asked), like flux "
                + "suspend; commits keep arriving and the newest is applied on resume. Lasts until resumed or the "
                + "applier restarts (then the fleet file's suspended: decides).",
                "Exit 0: suspended, 1: refused (an unknown cluster) or no answer."})
    public static final class Suspend extends Suspension {
        @Override
        boolean suspend() {
            return true;
        }
    }

    /** {@code shiplog resume cluster NAME}. */
    @picocli.CommandLine.Command(name = "cluster", mixinStandardHelpOptions = true,
            description = {"Apply a suspended cluster again (a ResumeCluster command, recorded with who asked).",
                "Exit 0: resumed, 1: refused (an unknown cluster) or no answer."})
    public static final class Resume extends Suspension {
        @Override
        boolean suspend() {
            return false;
        }
    }
}
