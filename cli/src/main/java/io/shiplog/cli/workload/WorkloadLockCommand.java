package io.shiplog.cli.workload;

import io.shiplog.cli.audit.LogOptions;
import io.shiplog.events.Command;
import io.shiplog.events.CommitEvent;
import io.shiplog.events.LockWorkload;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.events.SkipReason;
import io.shiplog.events.UnlockWorkload;
import io.shiplog.events.UpdateSkipped;
import io.shiplog.events.WorkloadRef;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shiplog workload lock|unlock WORKLOAD}: publishes {@code LockWorkload} / {@code UnlockWorkload} on
 * {@code shiplog.commands}, then follows {@code shiplog.commits} for git-writer's answer (the commit, or why nothing
 * changed). WORKLOAD is a file path ({@code *.yaml}/{@code *.yml}) or {@code kind/[namespace/]name}. Exit 0: done
 * (or already so), 1: git-writer refused or did not answer in time, 2: bad options.
 */
public abstract class WorkloadLockCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LogOptions log;

    @Parameters(index = "0", paramLabel = "WORKLOAD",
            description = "A manifest path (apps/web.yaml) or kind/[namespace/]name (Deployment/prod/web).")
    String workload;

    @Option(names = "--container", description = "Only this container (annotation shiplog.io/locked.<container>).")
    String container;

    @Option(names = "--config-repo", paramLabel = "URL-OR-NAME",
            description = "Only this config repository (default: every one git-writer writes).")
    String configRepo;

    @Option(names = "--reason", description = "Why (goes into the commit message).")
    String reason;

    @Option(names = "--requested-by", defaultValue = "${sys:user.name}", description = "Who asks (default: you).")
    String requestedBy;

    @Option(names = "--timeout", defaultValue = "1m",
            description = "How long to wait for git-writer, like 30s or 2m (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--no-wait", description = "Publish the command and return at once.")
    boolean noWait;

    /** {@code shiplog workload lock}. */
    @picocli.CommandLine.Command(name = "lock", mixinStandardHelpOptions = true,
            description = {"Lock a workload: git-writer commits shiplog.io/locked: \"true\" and stops moving its images.",
                "Exit status: 0 locked, 1 refused or no answer, 2 bad options."})
    public static final class Lock extends WorkloadLockCommand {
        @Override
        boolean lock() {
            return true;
        }
    }

    /** {@code shiplog workload unlock}. */
    @picocli.CommandLine.Command(name = "unlock", mixinStandardHelpOptions = true,
            description = {"Unlock a workload: git-writer removes its shiplog.io/locked annotation.",
                "Exit status: 0 unlocked, 1 refused or no answer, 2 bad options."})
    public static final class Unlock extends WorkloadLockCommand {
        @Override
        boolean lock() {
            return false;
        }
    }

    abstract boolean lock();

    /** WORKLOAD as a reference: a path, or kind/name, or kind/namespace/name. */
    static WorkloadRef parse(String workload, String configRepo) {
        WorkloadRef.Builder ref = WorkloadRef.newBuilder().setConfigRepo(configRepo).setPath(null).setKind(null)
                .setNamespace(null).setName(null);
        String w = workload.strip();
        if (w.endsWith(".yaml") || w.endsWith(".yml")) {
            return ref.setPath(w).build();
        }
        String[] parts = w.split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[parts.length - 1].isBlank()) {
            throw new IllegalArgumentException("workload '" + workload
                    + "' is neither a manifest path (*.yaml, *.yml) nor kind/[namespace/]name");
        }
        ref.setKind(parts[0]).setName(parts[parts.length - 1]);
        if (parts.length == 3 && !parts[1].isEmpty()) {
            ref.setNamespace(parts[1]);
        }
        return ref.build();
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String verb = lock() ? "lock" : "unlock";
        WorkloadRef ref;
        try {
            ref = parse(workload, configRepo);
        } catch (IllegalArgumentException e) {
            err.println("shiplog workload " + verb + ": " + e.getMessage());
            return 2;
        }
        MetaFactory meta = new MetaFactory("shiplog-cli/" + requestedBy);
        Object payload = lock()
                ? LockWorkload.newBuilder().setWorkload(ref).setContainer(container).setRequestedBy(requestedBy)
                .setReason(reason).build()
                : UnlockWorkload.newBuilder().setWorkload(ref).setContainer(container).setRequestedBy(requestedBy)
                .setReason(reason).build();
        Command command = Command.newBuilder().setMeta(meta.root()).setPayload(payload).build();
        String id = command.getMeta().getEventId();
        try (KafkaConsumer<String, Object> commits = noWait ? null
                : log.followFromEnd(TopicCatalogue.COMMITS.name())) {
            log.publishCommand(workload, command);
            out.println((lock() ? "LockWorkload " : "UnlockWorkload ") + id + " published: " + workload
                    + (container == null ? "" : " container " + container));
            if (noWait) {
                return 0;
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Object> record : commits.poll(Duration.ofMillis(250))) {
                    if (!(record.value() instanceof CommitEvent event)) {
                        continue;
                    }
                    if (event.getPayload() instanceof ManifestsCommitted c && c.getCausingEventIds().contains(id)) {
                        out.println(verb + "ed: commit " + c.getSha() + " on " + c.getBranch() + " of "
                                + c.getConfigRepo());
                        return 0;
                    }
                    if (event.getPayload() instanceof UpdateSkipped s && id.equals(event.getMeta().getCausationId())) {
                        out.println("nothing to commit in " + s.getConfigRepo() + ": " + s.getDetail());
                        return s.getReason() == SkipReason.ALREADY_CURRENT ? 0 : 1;
                    }
                }
            }
        }
        err.println("shiplog workload " + verb + ": no answer from git-writer within " + timeout);
        return 1;
    }
}
