package io.shiplog.schemas.serde;

import static io.shiplog.schemas.serde.Events.TOPIC;
import static io.shiplog.schemas.serde.Events.configs;
import static io.shiplog.schemas.serde.Events.deserializer;
import static io.shiplog.schemas.serde.Events.serializer;
import static io.shiplog.schemas.serde.Events.tagDiscovered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.events.Platform;
import io.shiplog.schemas.registry.FakeSchemaRegistry;
import io.shiplog.local.support.Ports;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bytes the deserializer must refuse, each with a message naming the topic and the cause. */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard that turns a hang into a failure, not a speed check
class ShiplogAvroDeserializerTest {

    private static final String PREFIX = "cannot deserialize the value of topic shiplog.images: ";

    private final FakeSchemaRegistry registry = new FakeSchemaRegistry();

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private byte[] validEvent() {
        return serializer(configs(registry.url())).serialize(TOPIC, tagDiscovered("abc123"));
    }

    @Test
    void refusesAWrongMagicByteSayingWhichByteItFound() {
        byte[] bytes = validEvent();
        bytes[0] = 0x7b;

        assertThatThrownBy(() -> deserializer(configs(registry.url())).deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessage(PREFIX + "unknown magic byte 0x7b (expected 0x00): not Confluent-framed Avro");
    }

    @Test
    void refusesAnUnknownSchemaIdNamingTheIdAndTheRegistry() {
        byte[] bytes = {0, 0, 0, 0, 42, 2, 'x'};

        assertThatThrownBy(() -> deserializer(configs(registry.url())).deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(PREFIX + "unknown schema id 42 at " + registry.url())
                .hasMessageContaining("error 40403");
    }

    @Test
    void refusesAPayloadShorterThanTheHeader() {
        assertThatThrownBy(() -> deserializer(configs(registry.url())).deserialize(TOPIC, new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessage(PREFIX + "payload of 3 bytes is too short for the Confluent wire format (magic byte, "
                        + "4-byte schema id, Avro data)");
        assertThatThrownBy(() -> deserializer(configs(registry.url())).deserialize(TOPIC, new byte[0]))
                .isInstanceOf(SerializationException.class).hasMessageContaining("payload of 0 bytes is too short");
    }

    @Test
    void refusesATruncatedPayload() {
        byte[] whole = validEvent();
        byte[] truncated = Arrays.copyOf(whole, whole.length - 10);

        assertThatThrownBy(() -> deserializer(configs(registry.url())).deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(PREFIX + "Avro data of " + (truncated.length - 5) + " bytes does not match "
                        + "writer schema io.shiplog.events.ImageEvent (id 1): EOFException");
    }

    @Test
    void refusesAvroDataThatDoesNotMatchTheWriterSchema() {
        int stringId = registry.preRegister("strings-value", Schema.create(Schema.Type.STRING));
        byte[] bytes = validEvent();
        bytes[4] = (byte) stringId; // an ImageEvent's bytes claiming to be a string

        assertThatThrownBy(() -> deserializer(configs(registry.url())).deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(PREFIX + "Avro data of " + (bytes.length - 5) + " bytes does not match "
                        + "writer schema string (id " + stringId + ")")
                .hasMessageContaining("left over");
    }

    @Test
    void refusesBytesThatCannotBeReadAsTheWriterSchema() {
        Schema numbers = SchemaBuilder.record("Numbers").namespace("io.shiplog.test").fields()
                .requiredLong("a").requiredLong("b").requiredLong("c").endRecord();
        int id = registry.preRegister("numbers-value", numbers);
        byte[] bytes = {0, 0, 0, 0, (byte) id, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};

        assertThatThrownBy(() -> deserializer(configs(registry.url())).deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(PREFIX + "Avro data of 11 bytes does not match writer schema "
                        + "io.shiplog.test.Numbers (id " + id + ")")
                .hasMessageContaining("Invalid long encoding");
    }

    @Test
    void refusesASpecificReadWhenTheGeneratedClassIsMissing() {
        Schema unknown = SchemaBuilder.record("Nope").namespace("io.shiplog.missing").fields()
                .requiredString("x").endRecord();
        int id = registry.preRegister("nope-value", unknown);
        byte[] bytes = {0, 0, 0, 0, (byte) id, 2, 'x'};

        assertThatThrownBy(() -> deserializer(configs(registry.url(), "specific.avro.reader", true))
                .deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessage(PREFIX + "specific.avro.reader is true, but no generated class io.shiplog.missing.Nope "
                        + "for schema id " + id + " is on the classpath");
    }

    @Test
    void failsFastWhenTheRegistryIsDown() {
        byte[] bytes = validEvent();
        String down = "http://127.0.0.1:" + Ports.freePort();

        assertThatThrownBy(() -> deserializer(configs(down, "max.retries", 1)).deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(PREFIX + "cannot fetch writer schema id 1: schema registry " + down
                        + " is unreachable (GET /schemas/ids/1)");
    }

    @Test
    void failsWhenTheRegistryAnswers5xx() {
        byte[] bytes = validEvent();
        registry.failNext(100, 503);

        assertThatThrownBy(() -> deserializer(configs(registry.url(), "max.retries", 1)).deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(PREFIX + "cannot fetch writer schema id 1: schema registry " + registry.url()
                        + " answered GET /schemas/ids/1 with HTTP 503, error 50301: Simulated failure");
    }

    @Test
    void failsWhenTheRegistryAnswersGarbage() {
        byte[] bytes = validEvent();
        registry.answerGarbage(true);

        assertThatThrownBy(() -> deserializer(configs(registry.url())).deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(PREFIX + "cannot fetch writer schema id 1: ")
                .hasMessageContaining("a body that is not JSON");
    }

    @Test
    void resolvesAnOlderWriterSchemaToTheGeneratedClass() {
        Schema older = SchemaBuilder.record("Platform").namespace("io.shiplog.events").fields()
                .requiredString("os").requiredString("architecture").endRecord();
        GenericRecord old = new GenericData.Record(older);
        old.put("os", "linux");
        old.put("architecture", "arm64");
        byte[] bytes = serializer(configs(registry.url())).serialize("platforms", old);

        Object read = deserializer(configs(registry.url(), "specific.avro.reader", true))
                .deserialize("platforms", bytes);

        assertThat(read).isEqualTo(new Platform("linux", "arm64", null));
    }
}
