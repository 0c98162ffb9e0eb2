package io.shiplog.schemas.serde;

import static io.shiplog.schemas.serde.Events.TOPIC;
import static io.shiplog.schemas.serde.Events.configs;
import static io.shiplog.schemas.serde.Events.deserializer;
import static io.shiplog.schemas.serde.Events.serializer;
import static io.shiplog.schemas.serde.Events.tagDiscovered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shiplog.events.CommitEvent;
import io.shiplog.events.ImageEvent;
import io.shiplog.schemas.registry.FakeSchemaRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-record decoding for services that consume raw bytes and send what fails to the dead-letter topic. */
class AvroRecordDecoderTest {

    private final FakeSchemaRegistry registry = new FakeSchemaRegistry();
    private final AvroRecordDecoder decoder =
            new AvroRecordDecoder(deserializer(configs(registry.url(), "specific.avro.reader", true)));

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, byte[] value) {
        return new ConsumerRecord<>(TOPIC, partition, offset, "ghcr.io/acme/api".getBytes(), value);
    }

    @Test
    void decodesAGoodRecord() {
        byte[] value = serializer(configs(registry.url())).serialize(TOPIC, tagDiscovered("abc"));

        assertThat(decoder.decode(record(0, 5, value), ImageEvent.class)).isEqualTo(tagDiscovered("abc"));
    }

    @Test
    void decodesATombstoneAsNull() {
        assertThat(decoder.decode(record(0, 6, null))).isNull();
    }

    @Test
    void namesTopicPartitionOffsetAndCauseOfABadRecord() {
        RecordDecodeException error = catchThrowableOfType(
                () -> decoder.decode(record(2, 1234, new byte[] {1, 0, 0, 0, 1, 0})), RecordDecodeException.class);

        assertThat(error).isInstanceOf(SerializationException.class)
                .hasMessage("cannot decode the record at topic shiplog.images partition 2 offset 1234: cannot "
                        + "deserialize the value of topic shiplog.images: unknown magic byte 0x01 (expected 0x00): "
                        + "not Confluent-framed Avro");
        assertThat(error.topic()).isEqualTo(TOPIC);
        assertThat(error.partition()).isEqualTo(2);
        assertThat(error.offset()).isEqualTo(1234);
        assertThat(error.getCause()).isInstanceOf(SerializationException.class);
    }

    @Test
    void refusesAValueOfAnotherType() {
        byte[] value = serializer(configs(registry.url())).serialize(TOPIC, tagDiscovered("abc"));

        RecordDecodeException error = catchThrowableOfType(
                () -> decoder.decode(record(1, 9, value), CommitEvent.class), RecordDecodeException.class);

        assertThat(error).hasMessage("cannot decode the record at topic shiplog.images partition 1 offset 9: the "
                + "value is a io.shiplog.events.ImageEvent, expected a io.shiplog.events.CommitEvent");
    }
}
