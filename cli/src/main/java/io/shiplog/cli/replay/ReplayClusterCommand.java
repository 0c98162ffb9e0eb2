package io.shiplog.cli.replay;

import io.shiplog.cli.audit.LogOptions;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyCounts;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ApplyFailed;
import io.shiplog.events.ApplyStarted;
import io.shiplog.events.ApplyStatus;
import io.shiplog.events.Command;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectResult;
import io.shiplog.events.ReplayCluster;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shiplog replay cluster}: publishes {@code ReplayCluster} on {@code shiplog.commands}, then follows
 * {@code shiplog.applies} for the applier's answer (events caused by the command) until the replay is done.
 * Exit status 0 when every object applied, 1 when anything failed or nothing answered in time, 2 for bad options.
 */
@picocli.CommandLine.Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Bring a cluster (or a configured replacement) to the state the log says it had at a time or "
                + "commit (default: the last successful apply); the cluster-applier executes it, or with "
                + "--kubeconfig this command itself.",
            "Exit status: 0 replayed, 1 failed or timed out, 2 bad options."})
public final class ReplayClusterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LogOptions log;

    @Option(names = "--cluster", required = true, description = "The cluster whose recorded state is replayed.")
    String cluster;

    @Option(names = "--at", paramLabel = "TIME", description = "The state at this time: ISO-8601 or an age like 2h.")
    Instant at;

    @Option(names = "--commit", paramLabel = "SHA", description = "The state of this commit.")
    String commit;

    @Option(names = "--target", paramLabel = "CLUSTER",
            description = "A configured replacement cluster to apply into (default: --cluster itself).")
    String target;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = {"Apply in this process into the API server of this kubeconfig (a replacement cluster no "
                    + "applier knows yet), with the applier's own code; needs --config. No ReplayCluster command is "
                    + "sent and the credentials never leave this machine."})
    Path kubeconfig;

    @Option(names = "--kube-context", paramLabel = "CONTEXT",
            description = "With --kubeconfig: the kubeconfig context to use (default: its current one).")
    String context;

    @Option(names = "--requested-by", defaultValue = "${sys:user.name}", description = "Who asks (default: you).")
    String requestedBy;

    @Option(names = "--timeout", defaultValue = "10m", description = "How long to follow, like 30s or 10m (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (at != null && commit != null) {
            err.println("shiplog replay cluster: give --at or --commit, not both");
            return 2;
        }
        Instant atTime = at;
        if (kubeconfig != null) {
            if (target != null) {
                err.println("shiplog replay cluster: give --kubeconfig or --target, not both");
                return 2;
            }
            if (log.config == null) {
                err.println("shiplog replay cluster: --kubeconfig needs --config <shiplog.yaml> (or env "
                        + "SHIPLOG_CONFIG) for the cluster's repository, paths and namespaces");
                return 2;
            }
            try {
                return new KubeconfigReplay(out, err).run(new KubeconfigReplay.Options(cluster, atTime, commit,
                        kubeconfig, context, log.config, requestedBy, log.clientConfig()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                err.println("shiplog replay cluster: interrupted");
                return 1;
            }
        }
        String into = target == null ? cluster : target;
        MetaFactory meta = new MetaFactory("shiplog-cli/" + requestedBy);
        Command command = Command.newBuilder().setMeta(meta.root()).setPayload(ReplayCluster.newBuilder()
                .setCluster(cluster).setAtTime(atTime).setCommitSha(commit).setTargetCluster(target)
                .setRequestedBy(requestedBy).build()).build();
        String commandId = command.getMeta().getEventId();
        try (KafkaConsumer<String, Object> applies = log.followFromEnd(TopicCatalogue.APPLIES.name())) {
            log.publishCommand(into, command);
            out.println("ReplayCluster " + commandId + " published: " + cluster
                    + (target == null ? "" : " into " + target) + " at "
                    + (commit != null ? "commit " + commit : atTime != null ? atTime : "its last successful apply"));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Object> record : applies.poll(Duration.ofMillis(250))) {
                    if (!(record.value() instanceof ApplyEvent event)
                            || !commandId.equals(event.getMeta().getCausationId())) {
                        continue;
                    }
                    Object payload = event.getPayload();
                    if (payload instanceof ApplyStarted started) {
                        out.println("applying commit " + started.getCommitSha() + " to " + started.getCluster() + ": "
                                + started.getObjectCount() + " objects");
                    } else if (payload instanceof ApplyCompleted completed) {
                        return report(completed, out);
                    } else if (payload instanceof ApplyFailed failed) {
                        err.println("replay failed (" + failed.getReason() + "): " + failed.getMessage());
                        return 1;
                    }
                }
            }
        }
        err.println("shiplog replay cluster: no answer from a cluster-applier for " + into + " within " + timeout);
        return 1;
    }

    static int report(ApplyCompleted completed, PrintWriter out) {
        Map<ObjectAction, Integer> counts = new EnumMap<>(ObjectAction.class);
        ApplyCounts recorded = completed.getCounts();
        if (recorded != null) {
            counts.put(ObjectAction.CREATED, recorded.getCreated());
            counts.put(ObjectAction.CONFIGURED, recorded.getConfigured());
            counts.put(ObjectAction.UNCHANGED, recorded.getUnchanged());
            counts.put(ObjectAction.PRUNED, recorded.getPruned());
            counts.put(ObjectAction.FAILED, recorded.getFailed());
            counts.put(ObjectAction.SKIPPED, recorded.getSkipped());
            counts.values().removeIf(n -> n == 0);
        } else {
            for (ObjectResult result : completed.getResults()) {
                counts.merge(result.getAction(), 1, Integer::sum);
            }
        }
        out.println("replayed commit " + completed.getCommitSha() + " to " + completed.getCluster() + " in "
                + completed.getDurationMs() + " ms: " + completed.getStatus() + " " + counts);
        if (completed.getOmittedResults() > 0) {
            out.println("  (" + completed.getOmittedResults() + " object results were left out of the report to keep "
                    + "it under the broker's record size; failures come first)");
        }
        completed.getResults().stream().filter(r -> r.getAction() == ObjectAction.FAILED).forEach(r ->
                out.println("  failed " + r.getObject().getKind() + "/" + r.getObject().getName() + ": "
                        + r.getMessage()));
        return completed.getStatus() == ApplyStatus.SUCCEEDED ? 0 : 1;
    }
}
