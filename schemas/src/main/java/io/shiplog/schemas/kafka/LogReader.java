package io.shiplog.schemas.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Bounded reads of history with no group and nothing committed: partitions assigned by hand, read from offset 0 (or
 * the first record at or after a time) up to the end they had when the read began. Records that cannot be decoded
 * are counted and skipped: the live followers dead-letter them. Reads run one at a time.
 */
public final class LogReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final boolean shared;
    private final Duration timeout;
    private final Duration readBound;
    private Consumer<byte[], byte[]> consumer;

    private LogReader(Supplier<Consumer<byte[], byte[]>> consumers, boolean shared, Duration timeout,
                      Duration readBound) {
        this.consumers = consumers;
        this.shared = shared;
        this.timeout = timeout;
        this.readBound = readBound;
    }

    /**
     * A reader that makes a consumer per read and closes it after.
     *
     * @param timeout   bound of each metadata request
     * @param readBound bound of a whole read (its summary says whether it reached the end)
     */
    public static LogReader perRead(Supplier<Consumer<byte[], byte[]>> consumers, Duration timeout,
                                    Duration readBound) {
        return new LogReader(consumers, false, timeout, readBound);
    }

    /** A reader that keeps one consumer for every read, closed by {@link #close()}. */
    public static LogReader shared(Supplier<Consumer<byte[], byte[]>> consumers, Duration timeout,
                                   Duration readBound) {
        return new LogReader(consumers, true, timeout, readBound);
    }

    /** The partition of {@code key} under Kafka's default partitioner. */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * What to read: every partition of {@code topic}, or only the one {@code key} is partitioned to (and only that
     * key's records), from offset 0 or from {@code since}.
     */
    public record Range(String topic, String key, Instant since, Predicate<String> keys) {

        public Range {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(keys, "keys");
        }

        public static Range wholeTopic(String topic) {
            return new Range(topic, null, null, k -> true);
        }

        public static Range ofKey(String topic, String key) {
            return new Range(topic, Objects.requireNonNull(key, "key"), null, key::equals);
        }

        /** Only records whose key {@code keys} accepts. */
        public Range keys(Predicate<String> filter) {
            return new Range(topic, key, since, keys.and(filter));
        }

        /** From the first record at or after {@code time}. */
        public Range since(Instant time) {
            return new Range(topic, key, time, keys);
        }
    }

    /**
     * What a read saw.
     *
     * @param complete    false when the deadline passed before the end was reached
     * @param undecodable records skipped because they could not be decoded
     */
    public record Summary(long read, long undecodable, boolean complete) {
    }

    /**
     * Reads {@code range} up to its end as of now (within the read bound), handing each record that decodes to
     * {@code visitor} with its value (null for a tombstone).
     */
    public synchronized <T> Summary read(Range range, Function<ConsumerRecord<byte[], byte[]>, T> decoder,
                                         BiConsumer<ConsumerRecord<byte[], byte[]>, T> visitor) {
        Consumer<byte[], byte[]> reading = shared ? sharedConsumer() : consumers.get();
        try {
            return read(reading, range, decoder, visitor);
        } finally {
            if (!shared) {
                reading.close(Duration.ofSeconds(5));
            }
        }
    }

    private <T> Summary read(Consumer<byte[], byte[]> reading, Range range,
                             Function<ConsumerRecord<byte[], byte[]>, T> decoder,
                             BiConsumer<ConsumerRecord<byte[], byte[]>, T> visitor) {
        List<PartitionInfo> infos = reading.partitionsFor(range.topic(), timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + range.topic() + " has no partitions (is it provisioned?)");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        if (range.key() == null) {
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        } else {
            partitions.add(new TopicPartition(range.topic(), partitionOf(range.key(), infos.size())));
        }
        reading.assign(partitions);
        List<TopicPartition> read = seekToStart(reading, range, partitions);
        Map<TopicPartition, Long> end = reading.endOffsets(read, timeout);
        long deadline = System.nanoTime() + readBound.toNanos();
        long count = 0;
        long undecodable = 0;
        while (read.stream().anyMatch(p -> reading.position(p, timeout) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                return new Summary(count, undecodable, false);
            }
            for (ConsumerRecord<byte[], byte[]> record : reading.poll(POLL)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() >= end.getOrDefault(partition, 0L)) {
                    continue;
                }
                count++;
                String key = Delivery.keyOf(record);
                if (key == null || !range.keys().test(key)) {
                    continue;
                }
                T value;
                try {
                    value = decoder.apply(record);
                } catch (RuntimeException e) {
                    undecodable++;
                    continue;
                }
                visitor.accept(record, value);
            }
        }
        return new Summary(count, undecodable, true);
    }

    /** Seeks each partition to where the range starts; returns the partitions that have anything to read. */
    private List<TopicPartition> seekToStart(Consumer<byte[], byte[]> reading, Range range,
                                             List<TopicPartition> partitions) {
        if (range.since() == null) {
            reading.seekToBeginning(partitions);
            return partitions;
        }
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(p -> times.put(p, range.since().toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> starts = reading.offsetsForTimes(times, timeout);
        List<TopicPartition> read = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp start = starts.get(partition);
            if (start != null) {
                reading.seek(partition, start.offset());
                read.add(partition);
            }
        }
        reading.assign(read);
        return read;
    }

    private Consumer<byte[], byte[]> sharedConsumer() {
        if (consumer == null) {
            consumer = consumers.get();
        }
        return consumer;
    }

    @Override
    public synchronized void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
            consumer = null;
        }
    }
}
