package io.shiplog.gitwriter.events;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which records are finished, per partition, so offsets are committed only up to the first record whose work is
 * still in flight: a crash re-reads everything not yet committed to git and published. Used by one thread.
 */
final class OffsetTracker {

    private record Pending(ConsumerRecord<byte[], byte[]> record, CompletableFuture<Void> done) {
    }

    private final Map<TopicPartition, TreeMap<Long, Pending>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> next = new HashMap<>();

    void track(ConsumerRecord<byte[], byte[]> record, CompletableFuture<Void> done) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        pending.computeIfAbsent(partition, p -> new TreeMap<>()).put(record.offset(), new Pending(record, done));
    }

    /**
     * Removes the finished head of every partition; {@code failed} gets each record whose work failed (to send it
     * to the DLQ). Returns the offsets that may be committed now (only partitions that advanced).
     */
    Map<TopicPartition, OffsetAndMetadata> ready(BiConsumer<ConsumerRecord<byte[], byte[]>, Throwable> failed) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (var e : pending.entrySet()) {
            TreeMap<Long, Pending> queue = e.getValue();
            Long advanced = null;
            while (!queue.isEmpty() && queue.firstEntry().getValue().done().isDone()) {
                var first = queue.pollFirstEntry();
                CompletableFuture<Void> done = first.getValue().done();
                if (done.isCompletedExceptionally()) {
                    try {
                        done.join();
                    } catch (RuntimeException error) {
                        failed.accept(first.getValue().record(), error.getCause() == null ? error : error.getCause());
                    }
                }
                advanced = first.getKey() + 1;
            }
            if (advanced != null) {
                next.put(e.getKey(), advanced);
                out.put(e.getKey(), new OffsetAndMetadata(advanced));
            }
        }
        return out;
    }

    /** Stops tracking revoked partitions (their work may still finish; the new holder re-reads from its offset). */
    void forget(java.util.Collection<TopicPartition> partitions) {
        partitions.forEach(p -> {
            pending.remove(p);
            next.remove(p);
        });
    }

    /** Whether nothing is in flight. */
    boolean idle() {
        return pending.values().stream().allMatch(TreeMap::isEmpty);
    }

    static CompletableFuture<Void> all(List<CompletableFuture<Void>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    }
}
