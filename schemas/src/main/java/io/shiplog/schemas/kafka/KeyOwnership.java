package io.shiplog.schemas.kafka;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Which keys (e.g. cluster names) this instance owns among the instances of one consumer group: those that Kafka's
 * default partitioner puts on a partition of {@code topic} the group assigned to this instance. Every key has
 * exactly one owner while the group is stable; with a cooperative assignor a partition reaches its new holder only
 * after its old holder's revocation returned, so work handed over in the revocation never overlaps. Thread-safe.
 */
public final class KeyOwnership {

    private final String topic;
    private final Set<Integer> held = new HashSet<>();
    private int partitions;

    public KeyOwnership(String topic) {
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    /** {@code assigned} were added to this instance's share; {@code partitionCount} is the topic's. */
    public synchronized void assigned(int partitionCount, Collection<TopicPartition> assigned) {
        partitions = partitionCount;
        assigned.stream().filter(p -> p.topic().equals(topic)).forEach(p -> held.add(p.partition()));
    }

    /** {@code revoked} (or lost) left this instance's share. */
    public synchronized void revoked(Collection<TopicPartition> revoked) {
        revoked.stream().filter(p -> p.topic().equals(topic)).forEach(p -> held.remove(p.partition()));
    }

    /** Whether {@code key} is this instance's; false before the first assignment. */
    public synchronized boolean owns(String key) {
        return partitions > 0 && held.contains(LogReader.partitionOf(key, partitions));
    }

    /**
     * Whether this instance holds the partition numbered {@code partition} modulo the topic's count: picks one
     * instance for a partition of another topic that every instance reads (e.g. to dead-letter its bad records once).
     */
    public synchronized boolean holdsModulo(int partition) {
        return partitions > 0 && held.contains(partition % partitions);
    }

    /** Whether the first assignment arrived (until then nothing is owned). */
    public synchronized boolean known() {
        return partitions > 0;
    }

    /** The partitions held now, for log lines. */
    public synchronized Set<Integer> held() {
        return Set.copyOf(held);
    }
}
