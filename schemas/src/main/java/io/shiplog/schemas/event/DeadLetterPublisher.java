package io.shiplog.schemas.event;

import io.shiplog.events.DeadLetter;
import io.shiplog.events.DeadLetterHeader;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a record that cannot be decoded or processed to {@code shiplog.dlq}, keyed by its original key, with its
 * bytes, headers, position and the reason, so the consumer moves on and nothing is lost.
 */
public final class DeadLetterPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);
    private static final int MAX_REASON_LENGTH = 4_000;

    private final EventSink sink;
    private final MetaFactory meta;
    private final String consumer;
    private final BiConsumer<String, String> published;

    /**
     * @param consumer the service and consumer group giving up on records, e.g. {@code git-writer/git-writer}
     */
    public DeadLetterPublisher(EventSink sink, MetaFactory meta, String consumer) {
        this(sink, meta, consumer, (c, topic) -> { });
    }

    /** @param published told the consumer and the source topic of every record the DLQ took (for metrics) */
    public DeadLetterPublisher(EventSink sink, MetaFactory meta, String consumer,
                               BiConsumer<String, String> published) {
        this.sink = sink;
        this.meta = meta;
        this.consumer = consumer;
        this.published = published;
    }

    /** The service and consumer group this publisher speaks for. */
    public String consumer() {
        return consumer;
    }

    /** Publishes {@code record} with {@code reason}; completes when the DLQ has it. */
    public CompletableFuture<RecordMetadata> publish(ConsumerRecord<byte[], byte[]> record, Throwable reason) {
        String why = describe(reason);
        LOG.warn("record {}-{}@{} goes to {}: {}", record.topic(), record.partition(), record.offset(),
                TopicCatalogue.DLQ.name(), why);
        DeadLetter letter = DeadLetter.newBuilder()
                .setMeta(meta.root())
                .setSourceTopic(record.topic())
                .setSourcePartition(record.partition())
                .setSourceOffset(record.offset())
                .setSourceTimestamp(record.timestampType() == TimestampType.NO_TIMESTAMP_TYPE ? null
                        : Instant.ofEpochMilli(record.timestamp()))
                .setConsumer(consumer)
                .setReason(why)
                .setErrorClass(reason.getClass().getName())
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setHeaders(headers(record))
                .build();
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        return sink.send(TopicCatalogue.DLQ.name(), key, letter).whenComplete((metadata, error) -> {
            if (error == null) {
                published.accept(consumer, record.topic());
            }
        });
    }

    private static List<DeadLetterHeader> headers(ConsumerRecord<byte[], byte[]> record) {
        List<DeadLetterHeader> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(DeadLetterHeader.newBuilder().setKey(header.key())
                    .setValue(header.value() == null ? null : ByteBuffer.wrap(header.value())).build());
        }
        return headers;
    }

    /** The message chain of {@code error}, outermost first, bounded in length. */
    static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null && text.length() < MAX_REASON_LENGTH; t = t.getCause()) {
            if (!text.isEmpty()) {
                text.append(": ");
            }
            String message = t.getMessage();
            text.append(message == null || message.isBlank() ? t.getClass().getSimpleName() : message);
            if (t.getCause() == t) {
                break;
            }
        }
        return text.length() > MAX_REASON_LENGTH ? text.substring(0, MAX_REASON_LENGTH) + "…" : text.toString();
    }
}
