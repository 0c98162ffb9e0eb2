package io.shiplog.schemas.event;

import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Where a service writes events: one keyed Avro envelope to one topic. */
@FunctionalInterface
public interface EventSink {

    /** Sends {@code value} (an envelope, or null for a tombstone) under {@code key}; completes when acknowledged. */
    CompletableFuture<RecordMetadata> send(String topic, String key, SpecificRecord value);

    /** A sink on a plain Kafka producer whose value serializer writes Avro in the Confluent wire format. */
    static EventSink of(Producer<String, Object> producer) {
        return (topic, key, value) -> {
            CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(metadata);
                }
            });
            return result;
        };
    }
}
