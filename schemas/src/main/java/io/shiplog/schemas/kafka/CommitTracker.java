package io.shiplog.schemas.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which records' side effects are done, per partition, so offsets are committed only up to the first record whose
 * side effect is still in flight: a crash reads again everything not yet done. Used by one thread.
 */
final class CommitTracker {

    private record Pending(ConsumerRecord<byte[], byte[]> record, CompletableFuture<?> done) {
    }

    private final Map<TopicPartition, TreeMap<Long, Pending>> pending = new HashMap<>();

    void track(ConsumerRecord<byte[], byte[]> record, CompletionStage<?> done) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        pending.computeIfAbsent(partition, p -> new TreeMap<>())
                .put(record.offset(), new Pending(record, done.toCompletableFuture()));
    }

    /**
     * Removes the finished head of every partition; {@code failed} gets each record whose side effect failed (to send
     * it to the DLQ). Returns the offsets that may be committed now (only partitions that advanced).
     */
    Map<TopicPartition, OffsetAndMetadata> ready(BiConsumer<ConsumerRecord<byte[], byte[]>, Throwable> failed) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (var entry : pending.entrySet()) {
            TreeMap<Long, Pending> queue = entry.getValue();
            Long advanced = null;
            while (!queue.isEmpty() && queue.firstEntry().getValue().done().isDone()) {
                Pending first = queue.firstEntry().getValue();
                if (first.done().isCompletedExceptionally()) {
                    failed.accept(first.record(), causeOf(first.done()));
                }
                queue.pollFirstEntry();
                advanced = first.record().offset() + 1;
            }
            if (advanced != null) {
                out.put(entry.getKey(), new OffsetAndMetadata(advanced));
            }
        }
        return out;
    }

    /** Stops tracking revoked partitions (their side effects may still finish; the next holder reads them again). */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(pending::remove);
    }

    private static Throwable causeOf(CompletableFuture<?> failed) {
        try {
            failed.join();
            return new IllegalStateException("completed exceptionally");
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            return e.getCause() == null ? e : e.getCause();
        }
    }
}
