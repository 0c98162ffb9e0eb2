package io.shiplog.schemas.kafka;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Offsets a follower keeps itself, e.g. in the same database transaction as what it wrote for the records
 * ({@link OffsetPolicy.CallerStored}). Asked at every (re)assignment and {@link FollowerContext#rewind()}.
 */
@FunctionalInterface
public interface OffsetStore {

    /** The next offset to read of each of {@code partitions}; a partition missing is read from its beginning. */
    Map<TopicPartition, Long> load(Collection<TopicPartition> partitions) throws Exception;
}
