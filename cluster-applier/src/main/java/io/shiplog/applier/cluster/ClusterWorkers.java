package io.shiplog.applier.cluster;

import io.shiplog.applier.cluster.CommitTail.Branch;
import io.shiplog.applier.cluster.CommitTail.Found;
import io.shiplog.applier.cluster.Inbound.DesiredCommit;
import io.shiplog.applier.config.ClusterProperties;
import io.shiplog.cluster.run.RunningClusters;
import io.shiplog.schemas.kafka.Backoff;
import io.shiplog.schemas.kafka.DeadLetters;
import io.shiplog.schemas.kafka.KafkaEdge;
import io.shiplog.schemas.kafka.KeyOwnership;
import io.shiplog.schemas.kafka.UnprocessableRecordException;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The clusters this replica applies: of the clusters in the fleet file, those the applier group assigns to it
 * ({@link CommandsFollower}), each with its worker. A replica reads the log with two consumers whatever the number of
 * clusters: the group's consumer of {@code shiplog.commands} and a reader of every partition of
 * {@code shiplog.commits} ({@link CommitsFollower}); the newest commit of every watched branch is kept here, so a
 * cluster this replica starts applying (at start, after a rebalance, or added to the fleet file) applies it unless its
 * inventory already has it. A cluster handed to another replica stops after the apply in progress (bounded by the
 * hand-over timeout); when this replica shuts down, an apply in progress is interrupted instead, and the next owner
 * applies that commit again. Workers start once the newest commits are known.
 */
public final class ClusterWorkers implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterWorkers.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** A running cluster: its worker and its pool of API requests. */
    public record Running(ClusterWorker worker, ExecutorService pool) {
    }

    /** What a cluster runs with: its settings and the URL of the repository it follows. */
    public record Target(ClusterProperties cluster, String repositoryUrl) {
    }

    /**
     * How the replica reads the log.
     *
     * @param group              the consumer group every replica shares
     * @param deadLetterConsumer the {@code consumer} the DLQ names for this replica's bad records
     * @param badRecord          counts a bad record: the cluster it was for (or {@code unknown}) and its topic
     * @param handoverTimeout    how long a cluster handed to another replica may finish its apply in progress
     */
    public record Kafka(KafkaEdge edge, String group, String deadLetterConsumer,
                        BiConsumer<String, String> badRecord, Duration pollTimeout, Backoff backoff,
                        Duration handoverTimeout) {
    }

    private final Function<Target, Running> factory;
    private final RunningClusters<Target, Running> workers;
    private final KeyOwnership ownership = new KeyOwnership(TopicCatalogue.COMMANDS.name());
    private final Map<Branch, Found> newest = new HashMap<>();
    private final CommandsFollower commands;
    private final CommitsFollower commits;
    private final Duration handoverTimeout;
    private List<Target> configured;
    private boolean running;
    private boolean commitsRead;
    private boolean workersStarted;
    private volatile boolean stopping;
    private volatile int applied;

    /** Workers for {@code targets}, each built by {@code factory} once this replica owns its cluster. */
    public ClusterWorkers(List<Target> targets, Function<Target, Running> factory, Kafka kafka) {
        this.configured = List.copyOf(targets);
        this.factory = factory;
        this.handoverTimeout = kafka.handoverTimeout();
        this.workers = new RunningClusters<>(List.of(), t -> t.cluster().name(), this::build,
                running -> running.worker().start(), running -> {
                    running.worker().awaitStopped(stopping ? Duration.ZERO : handoverTimeout);
                    running.pool().shutdownNow();
                });
        java.util.function.Consumer<ConsumerRecord<?, ?>> counted = record -> {
            String key = record.key() instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : null;
            List<String> clusters = record.topic().equals(TopicCatalogue.COMMITS.name()) ? clustersOf(key)
                    : key == null ? List.of() : List.of(key);
            (clusters.isEmpty() ? List.of("unknown") : clusters)
                    .forEach(cluster -> kafka.badRecord().accept(cluster, record.topic()));
        };
        DeadLetters deadLetters = kafka.edge().deadLetters(kafka.deadLetterConsumer(), counted);
        this.commands = new CommandsFollower(kafka.edge(), kafka.group(), this, deadLetters, kafka.pollTimeout(),
                kafka.backoff());
        this.commits = new CommitsFollower(kafka.edge(), kafka.group() + "-commits", this, ownership::holdsModulo,
                counted, deadLetters, kafka.pollTimeout(), kafka.backoff());
    }

    private Running build(Target target) {
        Running running = factory.apply(target);
        Found found;
        synchronized (newest) {
            found = newest.get(Branch.of(target.repositoryUrl(), target.cluster().branch()));
        }
        if (found != null) {
            running.worker().offer(found.commit(), null);
        }
        return running;
    }

    KeyOwnership ownership() {
        return ownership;
    }

    public Optional<ClusterWorker> named(String name) {
        return workers.named(name).map(Running::worker);
    }

    public List<ClusterStatus> statuses() {
        return workers.values().stream().map(r -> r.worker().status()).toList();
    }

    /** The names of the clusters this replica applies now. */
    public List<String> names() {
        return workers.names();
    }

    /** Whether {@code name} is in the fleet file (applied here or by another replica). */
    public synchronized boolean configured(String name) {
        return configured.stream().anyMatch(t -> t.cluster().name().equals(name));
    }

    /** The branches the configured clusters follow. */
    synchronized Set<Branch> branches() {
        Set<Branch> branches = new LinkedHashSet<>();
        configured.forEach(t -> branches.add(Branch.of(t.repositoryUrl(), t.cluster().branch())));
        return branches;
    }

    /**
     * Makes {@code targets} the configured clusters: stops those no longer named and those whose settings or
     * repository changed, then builds (and, when running, starts) the new and changed ones this replica owns.
     */
    public void reconfigure(List<Target> targets) {
        Set<Branch> unknown = new LinkedHashSet<>();
        synchronized (this) {
            configured = List.copyOf(targets);
        }
        Set<Branch> branches = branches();
        synchronized (newest) {
            branches.stream().filter(b -> !newest.containsKey(b)).forEach(unknown::add);
        }
        if (!unknown.isEmpty() && newestKnown()) {
            commits.newest(unknown).values().forEach(this::commit);
        }
        RunningClusters.Change<Target> change = apply();
        change.removed().forEach(t -> LOG.info("cluster {} removed from the fleet file: no longer applied (its "
                + "objects stay)", t.cluster().name()));
        change.changed().forEach(t -> LOG.info("cluster {} changed in the fleet file: its worker restarts with the "
                + "new settings", t.cluster().name()));
    }

    /** The group's assignment changed: starts the clusters gained, hands over those lost. */
    void ownershipChanged() {
        RunningClusters.Change<Target> change = apply();
        if (!change.removed().isEmpty()) {
            LOG.info("{} clusters handed over to another replica: {}", change.removed().size(),
                    change.removed().stream().map(t -> t.cluster().name()).toList());
        }
        if (!change.added().isEmpty()) {
            LOG.info("{} clusters now applied by this replica (partitions {} of {})", change.added().size(),
                    ownership.held(), ownership.topic());
        }
    }

    private synchronized RunningClusters.Change<Target> apply() {
        List<Target> owned = configured.stream().filter(t -> ownership.owns(t.cluster().name())).toList();
        Set<String> keep = new java.util.HashSet<>();
        owned.forEach(t -> keep.add(t.cluster().name()));
        // every cluster leaving winds down at the same time; the reconfiguration then waits for each
        workers.values().stream().filter(r -> !keep.contains(r.worker().name()))
                .forEach(r -> r.worker().stop(stopping));
        RunningClusters.Change<Target> change = workers.reconfigure(owned);
        applied = owned.size();
        return change;
    }

    /** How many clusters this replica applies now (without waiting for a hand-over in progress). */
    public int appliedCount() {
        return applied;
    }

    /** A commit read from the log (the tail or the live end): kept as its branch's newest, and handed over. */
    void commit(Found found) {
        DesiredCommit commit = found.commit();
        Branch branch = Branch.of(commit.configRepo(), commit.branch());
        synchronized (newest) {
            Found known = newest.get(branch);
            if (known != null && known.partition().equals(found.partition()) && known.offset() >= found.offset()) {
                return;
            }
            newest.put(branch, found);
        }
        for (Running running : workers.values()) {
            ClusterWorker worker = running.worker();
            if (worker.follows(branch)) {
                worker.offer(commit, null);
            }
        }
    }

    /**
     * A command read from {@code shiplog.commands}: handed to its cluster's worker; returns what completes once it
     * was applied, or null when it is not for a cluster applied here.
     *
     * @throws UnprocessableRecordException for a cluster the fleet file does not name (to the dead-letter topic)
     */
    CompletableFuture<Void> command(Inbound inbound) {
        String cluster = inbound instanceof Inbound.ResyncRequested r ? r.cluster()
                : inbound instanceof Inbound.ReplayRequested r ? r.request().into()
                : inbound instanceof Inbound.SuspendRequested r ? r.cluster() : null;
        if (cluster == null) {
            return null;
        }
        Optional<ClusterWorker> worker = named(cluster);
        if (worker.isEmpty()) {
            if (!configured(cluster)) {
                // the record goes to the dead-letter topic with this reason; the command's sender sees it there
                throw new UnprocessableRecordException("no cluster named '" + cluster + "' is in the fleet file",
                        null);
            }
            LOG.info("command for cluster {} skipped: another replica applies it (is the command keyed by its "
                    + "cluster?)", cluster);
            return null;
        }
        CompletableFuture<Void> applied = new CompletableFuture<>();
        worker.get().offer(inbound, applied);
        return applied;
    }

    /** The newest commits are known: the workers start. */
    void commitsRead() {
        synchronized (this) {
            commitsRead = true;
        }
        startWorkersOnce();
    }

    /** Starts the workers once the application runs and the newest commits are known, whichever comes last. */
    private void startWorkersOnce() {
        synchronized (this) {
            if (!running || !commitsRead || workersStarted) {
                return;
            }
            workersStarted = true;
        }
        LOG.info("newest commits read; {} clusters applied by this replica", workers.names().size());
        workers.start();
    }

    private synchronized boolean newestKnown() {
        return commitsRead;
    }

    /** The clusters following the branch of a {@code shiplog.commits} key ({@code <repository URL>#<branch>}). */
    List<String> clustersOf(String commitKey) {
        int at = commitKey == null ? -1 : commitKey.lastIndexOf('#');
        if (at < 0) {
            return List.of();
        }
        Branch branch = Branch.of(commitKey.substring(0, at), commitKey.substring(at + 1));
        List<String> names = new ArrayList<>();
        synchronized (this) {
            configured.stream().filter(t -> Branch.of(t.repositoryUrl(), t.cluster().branch()).equals(branch))
                    .forEach(t -> names.add(t.cluster().name()));
        }
        return names;
    }

    @Override
    public void start() {
        synchronized (this) {
            running = true;
        }
        commits.start();
        commands.start(START_TIMEOUT);
        startWorkersOnce();
    }

    @Override
    public void stop() {
        stopping = true;
        synchronized (this) {
            running = false;
            workersStarted = false;
        }
        commands.close();
        commits.close();
        workers.stop();
    }

    @Override
    public boolean isRunning() {
        synchronized (this) {
            return running;
        }
    }
}
