package io.shiplog.auditor.drift.events;

import io.shiplog.auditor.drift.CompletedApplies;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.schemas.kafka.Delivery;
import io.shiplog.schemas.kafka.Follower;
import io.shiplog.schemas.kafka.FollowerContext;
import io.shiplog.schemas.kafka.FollowerSpec;
import io.shiplog.schemas.kafka.KafkaEdge;
import io.shiplog.schemas.kafka.KafkaFollower;
import io.shiplog.schemas.kafka.KeyOwnership;
import io.shiplog.schemas.kafka.OffsetPolicy;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auditor instance's membership in the auditor group: one consumer on {@code shiplog.applies} (keyed by cluster)
 * shared by every instance. The partitions the group assigns decide which clusters this instance audits
 * ({@link KeyOwnership}); a cooperative-sticky assignor moves only the partitions that must move, and a partition
 * reaches its new holder only after the old holder's revocation returned, in which its clusters' workers stopped: one
 * cluster is never audited by two instances at once. Each partition is read from its end when assigned, and each
 * cluster that completed an apply is named, so its drift is audited against the new inventory at once rather than at
 * the next interval (a cluster just gained is audited in full anyway). Nothing is committed; a record that cannot be
 * decoded is skipped (the audit projection dead-letters it).
 *
 * <p>A {@link KafkaFollower}, not a Spring Kafka listener container: {@link #start()} returns once the first
 * assignment's end positions are fixed, so no apply completed after the service started is missed.
 */
public final class AppliesFollower implements Follower<ApplyEvent>, CompletedApplies {

    private static final Logger LOG = LoggerFactory.getLogger(AppliesFollower.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Consumer<String> applied;
    private final Consumer<Predicate<String>> ownershipChanged;
    private final KeyOwnership ownership = new KeyOwnership(TopicCatalogue.APPLIES.name());
    private final KafkaFollower<ApplyEvent> follower;

    /**
     * @param group            the consumer group every auditor instance shares
     * @param applied          told each cluster that completed an apply
     * @param ownershipChanged told which clusters this instance audits, at each change of the assignment
     */
    public AppliesFollower(KafkaEdge edge, String group, Consumer<String> applied,
                           Consumer<Predicate<String>> ownershipChanged) {
        this.applied = applied;
        this.ownershipChanged = ownershipChanged;
        this.follower = edge.follower(FollowerSpec.of("drift-applies-follower",
                                new OffsetPolicy.GroupAssigned(group, OffsetPolicy.From.END),
                                edge.skipping(record -> { }), TopicCatalogue.APPLIES.name())
                        .withClientId(group).withPollTimeout(Duration.ofMillis(500))
                        .withConsumerOverrides(Map.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                                CooperativeStickyAssignor.class.getName()))
                        .withCloseTimeout(Duration.ofMinutes(2)),
                edge.decoding(ApplyEvent.class), this);
    }

    /** Starts following and waits (bounded) until the end positions are fixed. */
    @Override
    public void start() {
        follower.start();
        try {
            if (!follower.awaitCaughtUp(START_TIMEOUT)) {
                LOG.warn("{}: no assignment within {}; the clusters are audited once the auditor group assigns "
                        + "them", TopicCatalogue.APPLIES.name(), START_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onRecord(Delivery<ApplyEvent> delivery) {
        ApplyEvent event = delivery.value();
        if (event != null && event.getPayload() instanceof ApplyCompleted completed) {
            applied.accept(completed.getCluster());
        }
    }

    @Override
    public void onAssigned(FollowerContext context, Collection<TopicPartition> partitions) {
        ownership.assigned(context.partitionCount(TopicCatalogue.APPLIES.name()), partitions);
        ownershipChanged.accept(ownership::owns);
    }

    @Override
    public void onRevoked(Collection<TopicPartition> partitions) {
        ownership.revoked(partitions);
        ownershipChanged.accept(ownership::owns);
    }

    @Override
    public void close() {
        follower.close();
    }
}
