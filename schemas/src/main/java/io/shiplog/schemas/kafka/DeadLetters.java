package io.shiplog.schemas.kafka;

import io.shiplog.schemas.event.DeadLetterPublisher;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one dead-letter path: a record that cannot be decoded or processed is counted and sent to {@code shiplog.dlq}
 * with the reason, and the follower moves on. Readers without a group, where every instance reads every record,
 * count and skip instead ({@link #skipping}): one DLQ entry per instance would be noise.
 */
public final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final DeadLetterPublisher publisher;
    private final Consumer<ConsumerRecord<?, ?>> counter;

    private DeadLetters(DeadLetterPublisher publisher, Consumer<ConsumerRecord<?, ?>> counter) {
        this.publisher = publisher;
        this.counter = Objects.requireNonNull(counter, "counter");
    }

    /** Counts each bad record with {@code counter} and publishes it with {@code publisher}. */
    public static DeadLetters publishing(DeadLetterPublisher publisher, Consumer<ConsumerRecord<?, ?>> counter) {
        return new DeadLetters(Objects.requireNonNull(publisher, "publisher"), counter);
    }

    /** Counts each bad record with {@code counter} and skips it. */
    public static DeadLetters skipping(Consumer<ConsumerRecord<?, ?>> counter) {
        return new DeadLetters(null, counter);
    }

    /**
     * Counts {@code record} and sends it to the DLQ with {@code reason}; returns once the DLQ has it.
     *
     * @throws IllegalStateException when the DLQ cannot take it (the follower restarts and reads it again)
     */
    public void handle(ConsumerRecord<byte[], byte[]> record, Throwable reason) {
        counter.accept(record);
        if (publisher == null) {
            LOG.debug("record {} skipped: {}", Delivery.where(record), reason.getMessage());
            return;
        }
        try {
            publisher.publish(record, reason).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot dead-letter record " + Delivery.where(record) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }
}
