package io.shiplog.applier.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.applier.config.ClusterProperties;
import io.shiplog.applier.config.TuningProperties;
import io.shiplog.applier.events.ApplyReport;
import io.shiplog.applier.events.ApplyReporter;
import io.shiplog.applier.events.Inbound;
import io.shiplog.applier.events.InboundConverter;
import io.shiplog.applier.reconcile.ApplyRequest;
import io.shiplog.applier.reconcile.ReconcileOutcome;
import io.shiplog.applier.reconcile.Reconciler;
import io.shiplog.applier.reconcile.Trigger;
import io.shiplog.applier.replay.ReplayPlanner;
import io.shiplog.applier.replay.ReplayRequest;
import io.shiplog.cluster.inventory.Inventory;
import io.shiplog.cluster.kube.ClusterUnreachableException;
import io.shiplog.schemas.event.DeadLetterPublisher;
import io.shiplog.schemas.event.EventCause;
import io.shiplog.schemas.serde.AvroRecordDecoder;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one cluster does, on its own thread and its own consumer group on {@code shiplog.commits} and
 * {@code shiplog.commands}: folds commits into the newest pending one, applies it, resyncs on the interval and on
 * {@code ResyncCluster}, retries an unreachable cluster with backoff, and commits offsets only once what they cover
 * is applied. A slow cluster holds back nobody else; one that was away applies only the newest commit.
 */
public final class ClusterWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterWorker.class);
    private static final Duration DLQ_TIMEOUT = Duration.ofSeconds(30);

    private final ClusterProperties cluster;
    private final String repositoryUrl;
    private final Reconciler reconciler;
    private final ReplayPlanner replays;
    private final ApplyReporter reporter;
    private final Consumer<byte[], byte[]> consumer;
    private final AvroRecordDecoder decoder;
    private final DeadLetterPublisher deadLetters;
    private final TuningProperties tuning;
    private final MeterRegistry meters;
    private final Clock clock;
    private final AtomicBoolean suspended;
    private final Thread thread;
    private volatile boolean running = true;

    private PendingCommit pending;
    private EventCause resyncRequested;
    private ReplayRequest replayRequested;
    private ApplyRequest replayPlanned;
    private String lastApplied;
    private boolean lastAppliedComplete;
    private boolean inventoryRead;
    private Instant nextInventoryRead;
    private Instant nextResync;
    private int attempts;
    private Instant nextRetryAt;
    private volatile ClusterStatus status;
    private boolean uncommitted;

    public ClusterWorker(ClusterProperties cluster, String repositoryUrl, Reconciler reconciler,
                         ReplayPlanner replays, ApplyReporter reporter, Consumer<byte[], byte[]> consumer, AvroRecordDecoder decoder,
                         DeadLetterPublisher deadLetters, TuningProperties tuning, MeterRegistry meters, Clock clock) {
        this.cluster = cluster;
        this.repositoryUrl = repositoryUrl;
        this.reconciler = reconciler;
        this.replays = replays;
        this.reporter = reporter;
        this.consumer = consumer;
        this.decoder = decoder;
        this.deadLetters = deadLetters;
        this.tuning = tuning;
        this.meters = meters;
        this.clock = clock;
        this.suspended = new AtomicBoolean(cluster.suspended());
        this.thread = new Thread(this::run, "applier-" + cluster.name());
        this.thread.setDaemon(true);
        meters.gauge("shiplog.applier.suspended", List.of(io.micrometer.core.instrument.Tag.of("cluster",
                cluster.name())), suspended, s -> s.get() ? 1 : 0);
        publishStatus(null);
    }

    public String name() {
        return cluster.name();
    }

    public void start() {
        thread.start();
    }

    /** Stops applying (commits keep folding into the pending one) until {@link #resume()}. */
    public void suspend() {
        if (!suspended.getAndSet(true)) {
            LOG.info("cluster {} suspended", cluster.name());
        }
        publishStatus(null);
    }

    public void resume() {
        if (suspended.getAndSet(false)) {
            LOG.info("cluster {} resumed", cluster.name());
            consumer.wakeup();
        }
        publishStatus(null);
    }

    public ClusterStatus status() {
        return status;
    }

    private void run() {
        consumer.subscribe(List.of(TopicCatalogue.COMMITS.name(), TopicCatalogue.COMMANDS.name()));
        LOG.info("cluster {} follows {}#{} paths {} as consumer group {}", cluster.name(), repositoryUrl,
                cluster.branch(), cluster.paths(), cluster.consumerGroup());
        try {
            while (running) {
                try {
                    var records = consumer.poll(tuning.pollTimeout());
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        accept(record);
                    }
                    if (!records.isEmpty()) {
                        publishStatus(null);
                    }
                    if (!suspended.get()) {
                        step();
                    }
                    commitIfSettled();
                } catch (WakeupException e) {
                    // suspend, resume or stop: the loop looks again
                } catch (InterruptedException | InterruptException e) {
                    break;
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    LOG.error("cluster {}: reconciliation loop failed, retrying: {}", cluster.name(), e.toString(), e);
                    scheduleRetry();
                }
            }
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("cluster {}: consumer close: {}", cluster.name(), e.toString());
            }
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) throws InterruptedException {
        uncommitted = true;
        Inbound inbound;
        try {
            inbound = InboundConverter.fromAvro(decoder.decode(record));
        } catch (RuntimeException e) {
            meters.counter("shiplog.applier.bad.records", "cluster", cluster.name(), "topic", record.topic())
                    .increment();
            try {
                deadLetters.publish(record, e).get(DLQ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException dlqFailure) {
                throw new IllegalStateException("cannot dead-letter record " + record.topic() + "-"
                        + record.partition() + "@" + record.offset() + ": " + dlqFailure, dlqFailure);
            }
            return;
        }
        if (inbound instanceof Inbound.DesiredCommit commit && sameRepository(commit.configRepo())
                && commit.branch().equals(cluster.branch())) {
            pending = pending == null ? PendingCommit.of(commit) : pending.fold(commit, lastApplied);
            LOG.debug("cluster {}: commit {} pending ({} skipped)", cluster.name(), commit.sha(),
                    pending.skipped().size());
        } else if (inbound instanceof Inbound.ResyncRequested resync && resync.cluster().equals(cluster.name())) {
            LOG.info("cluster {}: resync requested by {}", cluster.name(), resync.requestedBy());
            resyncRequested = resync.cause();
        } else if (inbound instanceof Inbound.ReplayRequested replay && replay.request().into().equals(cluster.name())) {
            LOG.info("cluster {}: {} requested by {}", cluster.name(), replay.request().describe(),
                    replay.request().requestedBy());
            replayRequested = replay.request();
            replayPlanned = null;
        }
    }

    /** The apply a requested replay runs; reports and drops a replay the log cannot serve. */
    private ApplyRequest replayRequest() {
        if (replayPlanned == null) {
            replayPlanned = replays.plan(replayRequested, repositoryUrl, cluster.branch()).orElse(null);
        }
        if (replayPlanned == null) {
            String message = ReplayPlanner.noApplyMessage(replayRequested);
            LOG.warn("cluster {}: {} is not possible: {}", cluster.name(), replayRequested.describe(), message);
            reporter.report(new ApplyReport.Failed(cluster.name(), new ReconcileOutcome.Failed(
                    ReplayPlanner.unplanned(replayRequested, repositoryUrl, cluster.branch()),
                    ReconcileOutcome.FailureReason.LOAD_FAILED, message), 1, null));
            replayRequested = null;
        }
        return replayPlanned;
    }

    /** Applies what is due: the pending commit, a requested resync, or the periodic resync. */
    private void step() throws InterruptedException {
        Instant now = clock.instant();
        if (nextRetryAt != null && now.isBefore(nextRetryAt)) {
            return;
        }
        readInventoryOnce();
        ApplyRequest request = null;
        if (replayRequested != null) {
            request = replayRequest();
        }
        if (request != null) {
            reconcile(request);
            return;
        }
        if (pending != null) {
            if (pending.commit().sha().equals(lastApplied) && lastAppliedComplete && attempts == 0) {
                LOG.info("cluster {}: commit {} is already applied", cluster.name(), lastApplied);
                pending = null;
            } else {
                request = new ApplyRequest(pending.commit().configRepo(), pending.commit().branch(),
                        pending.commit().sha(), Trigger.COMMIT, pending.skipped(), pending.commit().cause());
            }
        } else if (resyncRequested != null && lastApplied != null) {
            request = new ApplyRequest(repositoryUrl, cluster.branch(), lastApplied, Trigger.COMMAND, List.of(),
                    resyncRequested);
        } else if (resyncRequested != null) {
            LOG.info("cluster {}: resync requested but no commit was applied yet", cluster.name());
            resyncRequested = null;
        } else if (lastApplied != null && (nextResync == null || !now.isBefore(nextResync))) {
            request = new ApplyRequest(repositoryUrl, cluster.branch(), lastApplied, Trigger.RESYNC, List.of(), null);
        }
        if (request != null) {
            reconcile(request);
        }
    }

    private void reconcile(ApplyRequest request) throws InterruptedException {
        ReconcileOutcome outcome = reconciler.reconcile(request);
        meters.counter("shiplog.applier.reconciles", "cluster", cluster.name(), "trigger", request.trigger().name(),
                "result", outcome instanceof ReconcileOutcome.Completed c ? c.status().name()
                        : ((ReconcileOutcome.Failed) outcome).reason().name()).increment();
        if (outcome instanceof ReconcileOutcome.Completed completed) {
            completed.results().forEach(r -> meters.counter("shiplog.applier.objects", "cluster", cluster.name(),
                    "action", r.action().name()).increment());
            lastApplied = request.commitSha();
            lastAppliedComplete = true;
            if (pending != null && pending.commit().sha().equals(request.commitSha())) {
                pending = null;
            }
            if (request.trigger() == Trigger.COMMAND) {
                resyncRequested = null;
            }
            if (request.trigger() == Trigger.REPLAY) {
                replayRequested = null;
                replayPlanned = null;
            }
            attempts = 0;
            nextRetryAt = null;
            nextResync = clock.instant().plus(cluster.resyncInterval());
            publishStatus(completed.status().name());
        } else {
            ReconcileOutcome.Failed failed = (ReconcileOutcome.Failed) outcome;
            scheduleRetry();
            LOG.warn("cluster {}: {} of {} failed (attempt {}, next at {}): {}", cluster.name(), request.trigger(),
                    request.commitSha(), attempts, nextRetryAt, failed.message());
            reporter.report(new ApplyReport.Failed(cluster.name(), failed, attempts, nextRetryAt));
            publishStatus(failed.reason().name());
        }
    }

    private void scheduleRetry() {
        attempts++;
        long factor = 1L << Math.min(20, attempts - 1);
        Duration backoff = tuning.retryInitialBackoff().multipliedBy(factor);
        if (backoff.compareTo(tuning.retryMaxBackoff()) > 0) {
            backoff = tuning.retryMaxBackoff();
        }
        nextRetryAt = clock.instant().plus(backoff);
    }

    /** Learns the last applied commit from the inventory, once, so a restart resyncs and skips what it has. */
    private void readInventoryOnce() {
        if (inventoryRead || nextInventoryRead != null && clock.instant().isBefore(nextInventoryRead)) {
            return;
        }
        try {
            Inventory inventory = reconciler.currentInventory();
            inventoryRead = true;
            if (!inventory.commitSha().isEmpty() && sameRepository(inventory.configRepo())
                    && inventory.branch().equals(cluster.branch())) {
                lastApplied = inventory.commitSha();
                lastAppliedComplete = inventory.state() == Inventory.State.COMPLETE;
                LOG.info("cluster {}: inventory {} lists {} objects at commit {} ({})", cluster.name(),
                        inventory.id(), inventory.objects().size(), lastApplied, inventory.state());
            }
        } catch (ClusterUnreachableException e) {
            nextInventoryRead = clock.instant().plus(tuning.retryMaxBackoff());
            LOG.debug("cluster {}: inventory not readable yet: {}", cluster.name(), e.getMessage());
        }
    }

    /** Commits the positions once nothing read is still waiting to be applied. */
    private void commitIfSettled() {
        if (!uncommitted || pending != null || resyncRequested != null || replayRequested != null) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            offsets.put(partition, new OffsetAndMetadata(consumer.position(partition)));
        }
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
        uncommitted = false;
    }

    private boolean sameRepository(String configRepo) {
        return normalize(configRepo).equals(normalize(repositoryUrl));
    }

    private static String normalize(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u.endsWith(".git") ? u.substring(0, u.length() - 4) : u;
    }

    private void publishStatus(String lastStatus) {
        ClusterStatus previous = status;
        status = new ClusterStatus(cluster.name(), suspended.get(), lastApplied,
                lastStatus != null ? lastStatus : previous == null ? null : previous.lastStatus(),
                lastStatus != null && attempts == 0 ? clock.instant()
                        : previous == null ? null : previous.lastAppliedAt(),
                pending == null ? null : pending.commit().sha(), attempts, nextRetryAt);
    }

    /** Stops the loop (an apply in progress is interrupted; its commit is applied again after a restart). */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
