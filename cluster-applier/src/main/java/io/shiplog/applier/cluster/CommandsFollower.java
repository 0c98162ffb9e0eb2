package io.shiplog.applier.cluster;

import io.shiplog.schemas.kafka.Backoff;
import io.shiplog.schemas.kafka.DeadLetters;
import io.shiplog.schemas.kafka.Delivery;
import io.shiplog.schemas.kafka.Follower;
import io.shiplog.schemas.kafka.FollowerContext;
import io.shiplog.schemas.kafka.FollowerSpec;
import io.shiplog.schemas.kafka.KafkaEdge;
import io.shiplog.schemas.kafka.KafkaFollower;
import io.shiplog.schemas.kafka.OffsetPolicy;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica's membership in the applier group: one consumer on {@code shiplog.commands} (keyed by cluster) shared
 * by every replica. The partitions the group assigns decide which clusters this replica applies
 * ({@link ClusterWorkers#ownership}); the commands on them go to their cluster's worker, and their offsets are
 * committed once the worker applied them. A cooperative-sticky assignor moves only the partitions that must move, and
 * a partition reaches its new holder only after the old one returned from the revocation, in which its workers have
 * stopped: one cluster is never applied by two replicas at once.
 */
final class CommandsFollower implements Follower<Inbound>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandsFollower.class);

    private final ClusterWorkers workers;
    private final KafkaFollower<Inbound> follower;

    CommandsFollower(KafkaEdge edge, String group, ClusterWorkers workers, DeadLetters deadLetters,
                     Duration pollTimeout, Backoff backoff) {
        this.workers = workers;
        this.follower = edge.follower(FollowerSpec.of("applier-commands", OffsetPolicy.committed(group), deadLetters,
                        TopicCatalogue.COMMANDS.name())
                .withClientId(group).withPollTimeout(pollTimeout).withBackoff(backoff)
                .withConsumerOverrides(Map.of(
                        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                        // a group that never committed starts at the end: commands older than the group are not run
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"))
                .withCloseTimeout(Duration.ofMinutes(3)),
                record -> InboundConverter.fromAvro(edge.decoder().decode(record)), this);
    }

    /**
     * Starts following and waits (bounded) until the group's first assignment has been read up to where it ended:
     * a command published from then on is run.
     */
    void start(Duration timeout) {
        follower.start();
        try {
            if (!follower.awaitCaughtUp(timeout)) {
                LOG.warn("{}: no assignment within {}; this replica applies its clusters once the applier group "
                        + "assigns them", TopicCatalogue.COMMANDS.name(), timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onRecord(Delivery<Inbound> delivery) {
        CompletableFuture<Void> applied = workers.command(delivery.value());
        if (applied != null) {
            delivery.completeWhen(applied);
        }
    }

    @Override
    public void onAssigned(FollowerContext context, Collection<TopicPartition> partitions) {
        workers.ownership().assigned(context.partitionCount(TopicCatalogue.COMMANDS.name()), partitions);
        workers.ownershipChanged();
    }

    @Override
    public void onRevoked(Collection<TopicPartition> partitions) {
        workers.ownership().revoked(partitions);
        workers.ownershipChanged();
    }

    @Override
    public void close() {
        follower.close();
    }
}
