package io.shiplog.schemas.kafka;

import java.util.Collection;
import org.apache.kafka.common.TopicPartition;

/**
 * What a service does with the records it follows. Every callback runs on the follower's own thread, one at a time,
 * so a follower needs no locking for its own state.
 * <ul>
 *   <li>{@link #onRecord}: one record, decoded. Throwing {@link UnprocessableRecordException} sends the record to the
 *       dead-letter path and the partition moves on; any other exception is taken as a failure of something the
 *       follower depends on: the follower restarts with backoff from its committed (or stored) offsets.</li>
 *   <li>{@link #onIdle}: after every poll, with or without records: timers, batching, catch-up checks.</li>
 *   <li>{@link #onAssigned} / {@link #onRevoked}: the partitions this follower reads changed.</li>
 *   <li>{@link #onCaughtUp}: once, when the first assignment has been read up to its end as it was.</li>
 * </ul>
 *
 * @param <T> the decoded record value
 */
@FunctionalInterface
public interface Follower<T> {

    void onRecord(Delivery<T> delivery) throws Exception;

    default void onIdle(FollowerContext context) throws Exception {
    }

    default void onAssigned(FollowerContext context, Collection<TopicPartition> partitions) {
    }

    default void onRevoked(Collection<TopicPartition> partitions) {
    }

    default void onCaughtUp() {
    }
}
