package io.shiplog.schemas.kafka;

import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** What a {@link Follower} may ask of its consumer from within a callback (on the follower's thread only). */
public interface FollowerContext {

    /** The partitions this follower reads now. */
    Set<TopicPartition> assignment();

    /** How many partitions {@code topic} has. */
    int partitionCount(String topic);

    /** Records still to read over every assigned partition. */
    long lag();

    /** Goes back to where the offset policy starts (committed offsets, the start position, or the stored offsets). */
    void rewind();

    /** Sends {@code record} to the dead-letter path with {@code reason}; returns once it is there. */
    void deadLetter(ConsumerRecord<byte[], byte[]> record, Throwable reason);
}
