package io.shiplog.schemas.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One record handed to a {@link Follower}: the raw record, its decoded value (null for a tombstone, or when the
 * follower decodes itself) and whether it is replayed (read again to rebuild state, before the group's committed
 * offset: its side effects happened already). By default the record's side effect is done when
 * {@link Follower#onRecord} returns; {@link #completeWhen} defers that, so offsets are committed only once the
 * side effect really happened.
 *
 * @param <T> the decoded value
 */
public final class Delivery<T> {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final ConsumerRecord<byte[], byte[]> record;
    private final T value;
    private final boolean replayed;
    private CompletionStage<?> done = DONE;

    public Delivery(ConsumerRecord<byte[], byte[]> record, T value, boolean replayed) {
        this.record = Objects.requireNonNull(record, "record");
        this.value = value;
        this.replayed = replayed;
    }

    public ConsumerRecord<byte[], byte[]> record() {
        return record;
    }

    /** The decoded value; null for a tombstone. */
    public T value() {
        return value;
    }

    /** Read again to rebuild state: the group had committed past it, so nothing is to be done for it again. */
    public boolean replayed() {
        return replayed;
    }

    /** The record key as UTF-8 text; null when it has none. */
    public String key() {
        return keyOf(record);
    }

    public TopicPartition partition() {
        return new TopicPartition(record.topic(), record.partition());
    }

    public long offset() {
        return record.offset();
    }

    /** {@code topic-partition@offset}, for log lines. */
    public String where() {
        return where(record);
    }

    /**
     * The record's side effect is done when {@code sideEffect} completes (its offset is committed only then); when
     * it fails, the record goes to the dead-letter path and the partition moves on.
     */
    public void completeWhen(CompletionStage<?> sideEffect) {
        this.done = Objects.requireNonNull(sideEffect, "sideEffect");
    }

    CompletionStage<?> done() {
        return done;
    }

    static String keyOf(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
