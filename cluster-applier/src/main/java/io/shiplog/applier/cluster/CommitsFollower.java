package io.shiplog.applier.cluster;

import io.shiplog.applier.cluster.Inbound.DesiredCommit;
import io.shiplog.schemas.kafka.Backoff;
import io.shiplog.schemas.kafka.DeadLetters;
import io.shiplog.schemas.kafka.Delivery;
import io.shiplog.schemas.kafka.Follower;
import io.shiplog.schemas.kafka.FollowerSpec;
import io.shiplog.schemas.kafka.KafkaEdge;
import io.shiplog.schemas.kafka.KafkaFollower;
import io.shiplog.schemas.kafka.OffsetPolicy;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The replica's one reader of {@code shiplog.commits}: every partition, no consumer group (each replica needs every
 * branch's newest commit, whoever owns which cluster). It starts at the end after {@link CommitTail} found the newest
 * commit of each watched branch, and hands every commit read to {@link ClusterWorkers}. Per-cluster progress is the
 * cluster's inventory, not an offset: a restart learns the newest commits again from the tail.
 *
 * <p>An undecodable record is dead-lettered by one replica only: the one holding the partition of
 * {@code shiplog.commands} with the record's partition number (modulo its count); the others count and skip it.
 */
final class CommitsFollower implements Follower<Inbound>, AutoCloseable {

    private final ClusterWorkers workers;
    private final CommitTail tail;
    private final KafkaFollower<Inbound> follower;
    /** Where a restart of the consumer goes on: the next offset of each partition; empty before the tail read. */
    private final Map<TopicPartition, Long> next = new HashMap<>();

    /**
     * @param deadLetterer whether this replica dead-letters a bad record of a partition of {@code shiplog.commits}
     * @param counted      counts each bad record (dead-lettered or skipped)
     */
    CommitsFollower(KafkaEdge edge, String clientId, ClusterWorkers workers, Predicate<Integer> deadLetterer,
                    java.util.function.Consumer<ConsumerRecord<?, ?>> counted, DeadLetters deadLetters,
                    Duration pollTimeout, Backoff backoff) {
        this.workers = workers;
        Function<ConsumerRecord<byte[], byte[]>, Inbound> decode = record -> InboundConverter.fromAvro(
                edge.decoder().decode(record));
        this.tail = new CommitTail(edge.consumers(null, clientId + "-tail", Map.of()), decode);
        Function<ConsumerRecord<byte[], byte[]>, Inbound> decoder = record -> {
            try {
                return decode.apply(record);
            } catch (RuntimeException e) {
                if (deadLetterer.test(record.partition())) {
                    throw e;
                }
                counted.accept(record);
                return new Inbound.NotForApplier("undecodable (dead-lettered by another replica)");
            }
        };
        this.follower = edge.follower(FollowerSpec.of("applier-commits", OffsetPolicy.stored(this::load),
                        deadLetters, TopicCatalogue.COMMITS.name())
                .withClientId(clientId).withPollTimeout(pollTimeout).withBackoff(backoff), decoder, this);
    }

    void start() {
        follower.start();
    }

    /** Whether the newest commits were found and everything published since has been read. */
    boolean caughtUp() {
        return follower.caughtUp();
    }

    /** The newest commit of each of {@code branches}, read back from the end of the log now. */
    Map<CommitTail.Branch, CommitTail.Found> newest(Collection<CommitTail.Branch> branches) {
        return tail.read(branches).latest();
    }

    private synchronized Map<TopicPartition, Long> load(Collection<TopicPartition> partitions) {
        if (next.isEmpty()) {
            CommitTail.Result result = tail.read(workers.branches());
            result.latest().values().forEach(workers::commit);
            next.putAll(result.ends());
        }
        return Map.copyOf(next);
    }

    @Override
    public void onRecord(Delivery<Inbound> delivery) {
        synchronized (this) {
            next.put(delivery.partition(), delivery.offset() + 1);
        }
        if (delivery.value() instanceof DesiredCommit commit) {
            workers.commit(new CommitTail.Found(commit, delivery.partition(), delivery.offset()));
        }
    }

    @Override
    public void onCaughtUp() {
        workers.commitsRead();
    }

    @Override
    public void close() {
        follower.close();
    }
}
