package io.shiplog.applier.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.shiplog.applier.config.ClusterProperties;
import io.shiplog.applier.config.TuningProperties;
import io.shiplog.applier.reconcile.ApplyReport;
import io.shiplog.applier.reconcile.ApplyReporter;
import io.shiplog.applier.reconcile.ApplyRequest;
import io.shiplog.applier.reconcile.ReconcileOutcome;
import io.shiplog.applier.reconcile.Reconciler;
import io.shiplog.applier.reconcile.ReportedReconcile;
import io.shiplog.applier.replay.ReplayPlanner;
import io.shiplog.applier.replay.ReplayRequest;
import io.shiplog.cluster.kube.ClusterUnreachableException;
import io.shiplog.schemas.kafka.Backoff;
import io.shiplog.schemas.kafka.Delivery;
import io.shiplog.schemas.kafka.Follower;
import io.shiplog.schemas.kafka.FollowerContext;
import io.shiplog.schemas.kafka.FollowerSpec;
import io.shiplog.schemas.kafka.KafkaEdge;
import io.shiplog.schemas.kafka.KafkaFollower;
import io.shiplog.schemas.kafka.OffsetPolicy;
import io.shiplog.schemas.logging.LogContext;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka side of one cluster: its own consumer group on {@code shiplog.commits} and {@code shiplog.commands}, so a
 * slow or dead cluster holds back nobody else. Records go into the cluster's {@link ApplySchedule}; after every poll
 * the worker runs the steps the schedule says are due (read the inventory, plan a replay, apply) and reports their
 * outcomes to {@code shiplog.applies}. Offsets are committed only once what they cover is applied (the schedule is
 * settled), so a crash re-reads whatever was not applied yet.
 *
 * <p>A {@link KafkaFollower} (committed group offsets), not a Spring Kafka listener container: applies, resyncs and
 * retries run between polls on timers whether or not records arrive ({@link Follower#onIdle}), records are folded
 * so that only the newest pending commit is applied, and their offsets are committed when the fold is applied, not
 * when the listener returns. The consumer group is made at runtime per configured cluster.
 */
public final class ClusterWorker implements Follower<Inbound>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterWorker.class);

    private final ClusterProperties cluster;
    private final String repositoryUrl;
    private final ApplySchedule schedule;
    private final Reconciler reconciler;
    private final ReplayPlanner replays;
    private final ApplyReporter reporter;
    private final MeterRegistry meters;
    private final Clock clock;
    private final KafkaFollower<Inbound> follower;
    private final List<CompletableFuture<Void>> unsettled = new ArrayList<>();

    /** @param deadLetterConsumer the DLQ's {@code consumer} for this cluster's bad records */
    public ClusterWorker(ClusterProperties cluster, String repositoryUrl, Reconciler reconciler,
                         ReplayPlanner replays, ApplyReporter reporter, KafkaEdge edge, String deadLetterConsumer,
                         TuningProperties tuning, MeterRegistry meters, Clock clock) {
        this.cluster = cluster;
        this.repositoryUrl = repositoryUrl;
        this.reconciler = reconciler;
        this.replays = replays;
        this.reporter = reporter;
        this.meters = meters;
        this.clock = clock;
        this.schedule = new ApplySchedule(new ApplySchedule.Settings(cluster.name(), repositoryUrl, cluster.branch(),
                cluster.resyncInterval(), tuning.retryInitialBackoff(), tuning.retryMaxBackoff()),
                cluster.suspended());
        this.follower = edge.follower(FollowerSpec.of("applier-" + cluster.name(),
                                OffsetPolicy.committed(cluster.consumerGroup()),
                                edge.deadLetters(deadLetterConsumer, record -> meters.counter(
                                        "shiplog.applier.bad.records", "cluster", cluster.name(), "topic",
                                        record.topic()).increment()),
                                TopicCatalogue.COMMITS.name(), TopicCatalogue.COMMANDS.name())
                        .withClientId(cluster.consumerGroup()).withPollTimeout(tuning.pollTimeout())
                        .withBackoff(new Backoff(tuning.retryInitialBackoff(), tuning.retryMaxBackoff()))
                        .interruptingOnClose(),
                record -> InboundConverter.fromAvro(edge.decoder().decode(record)), this);
        meters.gauge("shiplog.applier.suspended", List.of(Tag.of("cluster", cluster.name())), schedule,
                s -> s.suspended() ? 1 : 0);
    }

    public String name() {
        return cluster.name();
    }

    public void start() {
        LOG.info("cluster {} follows {}#{} paths {} as consumer group {}", cluster.name(), repositoryUrl,
                cluster.branch(), cluster.paths(), cluster.consumerGroup());
        follower.start();
    }

    /** Stops applying (commits keep folding into the pending one) until {@link #resume()}. */
    public void suspend() {
        if (schedule.suspend()) {
            LOG.info("cluster {} suspended", cluster.name());
        }
    }

    public void resume() {
        if (schedule.resume()) {
            LOG.info("cluster {} resumed", cluster.name());
            follower.wakeup();
        }
    }

    public ClusterStatus status() {
        return schedule.status();
    }

    @Override
    public void onRecord(Delivery<Inbound> delivery) {
        try (LogContext.Scope scope = LogContext.with().cluster(cluster.name()).open()) {
            schedule(delivery);
        }
    }

    private void schedule(Delivery<Inbound> delivery) {
        Inbound inbound = delivery.value();
        if (inbound instanceof Inbound.DesiredCommit commit) {
            schedule.commit(commit);
        } else if (inbound instanceof Inbound.ResyncRequested resync && resync.cluster().equals(cluster.name())) {
            LOG.info("cluster {}: resync requested by {}", cluster.name(), resync.requestedBy());
            schedule.resync(resync.cause());
        } else if (inbound instanceof Inbound.ReplayRequested replay
                && replay.request().into().equals(cluster.name())) {
            LOG.info("cluster {}: {} requested by {}", cluster.name(), replay.request().describe(),
                    replay.request().requestedBy());
            schedule.replay(replay.request());
        }
        CompletableFuture<Void> applied = new CompletableFuture<>();
        unsettled.add(applied);
        delivery.completeWhen(applied);
    }

    /** Runs what is due, then lets the offsets of everything applied be committed. */
    @Override
    public void onIdle(FollowerContext context) throws InterruptedException {
        try (LogContext.Scope scope = LogContext.with().cluster(cluster.name()).open()) {
            runDueSteps();
        } catch (RuntimeException e) {
            schedule.crashed(clock.instant());
            LOG.error("cluster {}: reconciliation loop failed, retrying: {}", cluster.name(), e.toString(), e);
        }
        if (schedule.settled()) {
            unsettled.forEach(applied -> applied.complete(null));
            unsettled.clear();
        }
    }

    private void runDueSteps() throws InterruptedException {
        while (true) {
            ApplySchedule.Step step = schedule.next(clock.instant());
            if (step instanceof ApplySchedule.Step.ReadInventory) {
                readInventory();
            } else if (step instanceof ApplySchedule.Step.PlanReplay plan) {
                planReplay(plan.request());
            } else if (step instanceof ApplySchedule.Step.Apply apply) {
                reconcile(apply.request());
                return;
            } else {
                return;
            }
        }
    }

    private void readInventory() {
        try {
            schedule.inventory(reconciler.currentInventory());
        } catch (ClusterUnreachableException e) {
            schedule.inventoryUnreadable(clock.instant());
            LOG.debug("cluster {}: inventory not readable yet: {}", cluster.name(), e.getMessage());
        }
    }

    private void planReplay(ReplayRequest replay) {
        Optional<ApplyRequest> planned = replays.plan(replay, repositoryUrl, cluster.branch());
        schedule.replayPlanned(planned).ifPresent(failure -> {
            LOG.warn("cluster {}: {} is not possible: {}", cluster.name(), replay.describe(),
                    failure.outcome().message());
            reporter.report(failure);
        });
    }

    private void reconcile(ApplyRequest request) throws InterruptedException {
        try (LogContext.Scope scope = LogContext.with().commit(request.commitSha())
                .correlationId(request.cause() == null ? null : request.cause().correlationId()).open()) {
            reconcileNow(request);
        }
    }

    private void reconcileNow(ApplyRequest request) throws InterruptedException {
        ReconcileOutcome outcome = ReportedReconcile.run(reconciler, cluster.name(), request, reporter);
        meters.counter("shiplog.applier.reconciles", "cluster", cluster.name(), "trigger", request.trigger().name(),
                "result", outcome instanceof ReconcileOutcome.Completed c ? c.status().name()
                        : ((ReconcileOutcome.Failed) outcome).reason().name()).increment();
        if (outcome instanceof ReconcileOutcome.Completed completed) {
            completed.results().forEach(r -> meters.counter("shiplog.applier.objects", "cluster", cluster.name(),
                    "action", r.action().name()).increment());
            schedule.completed(request, completed, clock.instant());
        } else {
            ApplyReport.Failed failed = schedule.failed(request, (ReconcileOutcome.Failed) outcome, clock.instant());
            LOG.warn("cluster {}: {} of {} failed (attempt {}, next at {}): {}", cluster.name(), request.trigger(),
                    request.commitSha(), failed.attempt(), failed.nextRetryAt(), failed.outcome().message());
            reporter.report(failed);
        }
    }

    /** Stops the loop (an apply in progress is interrupted; its commit is applied again after a restart). */
    @Override
    public void close() {
        follower.close();
    }
}
