package io.shiplog.schemas.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * A log in memory for follower tests: partitions of records, the group's committed offsets, and Kafka's
 * {@link MockConsumer}s that read it (a new one per follower start or restart, as a real consumer would be).
 */
final class FakeLog {

    private final String topic;
    private final int partitions;
    private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records = new ConcurrentHashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> committed = new ConcurrentHashMap<>();
    private final AtomicInteger consumersMade = new AtomicInteger();
    private final List<LogConsumer> consumers = new CopyOnWriteArrayList<>();

    FakeLog(String topic, int partitions) {
        this.topic = topic;
        this.partitions = partitions;
        for (int p = 0; p < partitions; p++) {
            records.put(new TopicPartition(topic, p), new CopyOnWriteArrayList<>());
        }
    }

    /** Appends a record with {@code value} as UTF-8 to {@code partition}; returns its offset. */
    long append(int partition, String key, String value) {
        List<ConsumerRecord<byte[], byte[]>> log = records.get(new TopicPartition(topic, partition));
        synchronized (log) {
            long offset = log.size();
            log.add(new ConsumerRecord<>(topic, partition, offset, key == null ? null
                    : key.getBytes(StandardCharsets.UTF_8), value == null ? null
                    : value.getBytes(StandardCharsets.UTF_8)));
            return offset;
        }
    }

    /** The group's committed offset of {@code partition}; null when none. */
    Long committed(int partition) {
        OffsetAndMetadata at = committed.get(new TopicPartition(topic, partition));
        return at == null ? null : at.offset();
    }

    int consumersMade() {
        return consumersMade.get();
    }

    /** New consumers of this log; a subscribing one is given every partition at its first poll. */
    Supplier<Consumer<byte[], byte[]>> consumers() {
        return () -> {
            consumersMade.incrementAndGet();
            LogConsumer consumer = new LogConsumer();
            consumers.add(consumer);
            return consumer;
        };
    }

    private List<TopicPartition> all() {
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new TopicPartition(topic, p));
        }
        return all;
    }

    /** A mock consumer fed from the log as it grows, sharing the group's committed offsets. */
    private final class LogConsumer extends MockConsumer<byte[], byte[]> {

        private final Map<TopicPartition, Long> fed = new HashMap<>();
        private boolean subscribed;

        LogConsumer() {
            super("earliest");
            List<PartitionInfo> infos = new ArrayList<>();
            Map<TopicPartition, Long> beginnings = new HashMap<>();
            for (TopicPartition partition : all()) {
                infos.add(new PartitionInfo(topic, partition.partition(), null, null, null));
                beginnings.put(partition, 0L);
            }
            updatePartitions(topic, infos);
            updateBeginningOffsets(beginnings);
            updateEnds();
        }

        /** Newly assigned partitions start at the group's committed offsets, as with a real group. */
        @Override
        public synchronized void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
            super.subscribe(topics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    listener.onPartitionsRevoked(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    committed(Set.copyOf(partitions)).forEach((partition, at) -> seek(partition, at.offset()));
                    listener.onPartitionsAssigned(partitions);
                }
            });
            subscribed = true;
        }

        @Override
        public synchronized Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
            partitions.forEach(p -> {
                if (committed.containsKey(p)) {
                    out.put(p, committed.get(p));
                }
            });
            return out;
        }

        @Override
        public synchronized Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions,
                                                                             Duration timeout) {
            return committed(partitions);
        }

        @Override
        public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            schedulePollTask(this::feed);
            ConsumerRecords<byte[], byte[]> polled = super.poll(timeout);
            if (polled.isEmpty()) {
                try {
                    wait(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return polled;
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            committed.putAll(offsets);
        }

        private void feed() {
            if (subscribed && assignment().isEmpty()) {
                rebalance(all());
            }
            updateEnds();
            for (TopicPartition partition : assignment()) {
                List<ConsumerRecord<byte[], byte[]>> log = records.get(partition);
                // a seek back (a rewind) reads the log again from there, as a real consumer would
                long from = Math.min(fed.getOrDefault(partition, 0L), position(partition));
                for (long offset = from; offset < log.size(); offset++) {
                    addRecord(log.get((int) offset));
                }
                fed.put(partition, (long) log.size());
            }
        }

        @Override
        public synchronized Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
            updateEnds();
            return super.endOffsets(partitions);
        }

        @Override
        public synchronized Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions,
                                                                 Duration timeout) {
            return endOffsets(partitions);
        }

        private void updateEnds() {
            Map<TopicPartition, Long> ends = new HashMap<>();
            records.forEach((partition, log) -> ends.put(partition, (long) log.size()));
            updateEndOffsets(ends);
        }
    }
}
