package io.shiplog.schemas.serde;

import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes the values of records consumed as raw bytes, one by one, so that a service can send an undecodable record
 * to {@code shiplog.dlq} and move on instead of stopping the partition. Failures are
 * {@link RecordDecodeException}s naming topic, partition, offset and cause.
 */
public final class AvroRecordDecoder {

    private final Deserializer<?> valueDeserializer;

    /** Decodes with {@code valueDeserializer}, typically a configured {@link ShiplogAvroDeserializer}. */
    public AvroRecordDecoder(Deserializer<?> valueDeserializer) {
        this.valueDeserializer = Objects.requireNonNull(valueDeserializer, "valueDeserializer");
    }

    /** The decoded value of {@code record}; null for a tombstone. */
    public Object decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return valueDeserializer.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            throw new RecordDecodeException(record.topic(), record.partition(), record.offset(), e);
        }
    }

    /** The decoded value of {@code record} as a {@code type}; a value of another type fails like bad bytes. */
    public <T> T decode(ConsumerRecord<byte[], byte[]> record, Class<T> type) {
        Object value = decode(record);
        if (value != null && !type.isInstance(value)) {
            throw new RecordDecodeException(record.topic(), record.partition(), record.offset(),
                    new IllegalArgumentException("the value is a " + value.getClass().getName() + ", expected a "
                            + type.getName()));
        }
        return type.cast(value);
    }
}
