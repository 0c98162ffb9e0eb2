package io.shiplog.schemas.serde;

import static io.shiplog.schemas.serde.Events.TOPIC;
import static io.shiplog.schemas.serde.Events.configs;
import static io.shiplog.schemas.serde.Events.deserializer;
import static io.shiplog.schemas.serde.Events.serializer;
import static io.shiplog.schemas.serde.Events.tagDiscovered;
import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.events.ImageEvent;
import io.shiplog.events.TagDiscovered;
import io.shiplog.schemas.registry.FakeSchemaRegistry;
import io.shiplog.schemas.registry.HttpSchemaRegistryClient;
import io.shiplog.schemas.registry.SchemaRegistryClient;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Serialize then deserialize through the fake registry: specific, generic and primitive data, and the caches. */
class ShiplogAvroRoundTripTest {

    private static final Schema THING = SchemaBuilder.record("Thing").namespace("io.shiplog.test").fields()
            .requiredString("name").requiredLong("count").endRecord();

    private final FakeSchemaRegistry registry = new FakeSchemaRegistry();

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void roundTripsAGeneratedEventIntoItsOwnClassWithTheSpecificReader() {
        ImageEvent event = tagDiscovered("abc123");
        byte[] bytes = serializer(configs(registry.url())).serialize(TOPIC, event);

        Object read = deserializer(configs(registry.url(), "specific.avro.reader", "true")).deserialize(TOPIC, bytes);

        assertThat(read).isInstanceOf(ImageEvent.class).isEqualTo(event);
        TagDiscovered payload = (TagDiscovered) ((ImageEvent) read).getPayload();
        assertThat(payload.getCreatedAt()).isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
        assertThat(payload.getPlatforms()).hasSize(2);
    }

    @Test
    void readsAGeneratedEventAsAGenericRecordByDefault() {
        byte[] bytes = serializer(configs(registry.url())).serialize(TOPIC, tagDiscovered("abc123"));

        Object read = deserializer(configs(registry.url())).deserialize(TOPIC, bytes);

        assertThat(read).isInstanceOf(GenericRecord.class).isNotInstanceOf(ImageEvent.class);
        GenericRecord record = (GenericRecord) read;
        GenericRecord payload = (GenericRecord) record.get("payload");
        assertThat(payload.getSchema().getFullName()).isEqualTo("io.shiplog.events.TagDiscovered");
        assertThat(payload.get("tag").toString()).isEqualTo("abc123");
        assertThat(((GenericRecord) record.get("meta")).get("occurredAt"))
                .isEqualTo(Instant.parse("2026-11-28T10:15:30.123Z").toEpochMilli());
    }

    @Test
    void roundTripsAGenericRecord() {
        GenericRecord thing = new GenericData.Record(THING);
        thing.put("name", "widget");
        thing.put("count", 42L);

        byte[] bytes = serializer(configs(registry.url())).serialize("things", thing);
        GenericRecord read = (GenericRecord) deserializer(configs(registry.url())).deserialize("things", bytes);

        assertThat(read.getSchema()).isEqualTo(THING);
        assertThat(read.get("name").toString()).isEqualTo("widget");
        assertThat(read.get("count")).isEqualTo(42L);
    }

    @Test
    void roundTripsPrimitives() {
        ShiplogAvroSerializer serializer = serializer(configs(registry.url()));
        ShiplogAvroDeserializer deserializer = deserializer(configs(registry.url(), "specific.avro.reader", true));

        for (Object value : List.of("ghcr.io/acme/api", 7, 7L, true, 1.5f, 2.5d)) {
            assertThat(deserializer.deserialize("primitives", serializer.serialize("primitives", value)))
                    .isEqualTo(value);
        }
        byte[] raw = {1, 2, 3};
        assertThat((byte[]) deserializer.deserialize("bytes", serializer.serialize("bytes", raw))).isEqualTo(raw);
        assertThat((byte[]) deserializer.deserialize("bytes", serializer.serialize("bytes", ByteBuffer.wrap(raw))))
                .isEqualTo(raw);
    }

    @Test
    void keepsNullAsNullForTombstones() {
        assertThat(serializer(configs(registry.url())).serialize(TOPIC, null)).isNull();
        assertThat(deserializer(configs(registry.url())).deserialize(TOPIC, null)).isNull();
        assertThat(registry.requestCount()).isZero();
    }

    @Test
    void framesValuesAsMagicByteZeroThenTheRegisteredIdBigEndian() {
        registry.preRegister("unrelated-value", Schema.create(Schema.Type.STRING));
        registry.preRegister("other-value", THING);
        byte[] bytes = serializer(configs(registry.url())).serialize(TOPIC, tagDiscovered("abc123"));

        assertThat(Arrays.copyOf(bytes, 5)).containsExactly(0, 0, 0, 0, 3);
        assertThat(HttpSchemaRegistryClient.fromConfigs(configs(registry.url())).schemaById(3))
                .isEqualTo(ImageEvent.getClassSchema());
        assertThat(registry.requests().get(0).toString()).isEqualTo("POST /subjects/shiplog.images-value/versions");
    }

    @Test
    void writesTheIdOfLargeSchemaIdsInAllFourBytes() {
        byte[] bytes = serializer(configs(registry.url())).serialize(TOPIC, tagDiscovered("x"));
        bytes[1] = 0x01;
        bytes[2] = 0x02;
        bytes[3] = 0x03;
        bytes[4] = 0x04;

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(0x01020304);
    }

    @Test
    void makesNoHttpCallOnceSchemasAreCached() {
        ShiplogAvroSerializer serializer = serializer(configs(registry.url()));
        ShiplogAvroDeserializer deserializer = deserializer(configs(registry.url(), "specific.avro.reader", true));
        deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, tagDiscovered("first")));
        int afterFirst = registry.requestCount();

        for (int i = 0; i < 20; i++) {
            byte[] bytes = serializer.serialize(TOPIC, tagDiscovered("tag-" + i));
            assertThat(deserializer.deserialize(TOPIC, bytes)).isEqualTo(tagDiscovered("tag-" + i));
        }

        assertThat(afterFirst).isEqualTo(2);
        assertThat(registry.requestCount()).isEqualTo(afterFirst);
    }

    @Test
    void aSharedClientServesTheReaderFromWhatTheWriterRegistered() {
        SchemaRegistryClient client = HttpSchemaRegistryClient.fromConfigs(configs(registry.url()));
        ShiplogAvroSerializer serializer = new ShiplogAvroSerializer(client, Map.of());
        ShiplogAvroDeserializer deserializer = new ShiplogAvroDeserializer(client,
                Map.of("specific.avro.reader", true));

        Object read = deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, tagDiscovered("abc")));

        assertThat(read).isEqualTo(tagDiscovered("abc"));
        assertThat(registry.requests()).extracting(Object::toString)
                .containsExactly("POST /subjects/shiplog.images-value/versions");
    }

    @Test
    void registersKeySchemasUnderTheKeySubject() {
        ShiplogAvroSerializer keySerializer = new ShiplogAvroSerializer();
        keySerializer.configure(configs(registry.url()), true);

        keySerializer.serialize(TOPIC, "ghcr.io/acme/api");

        assertThat(registry.requests().get(0).toString()).isEqualTo("POST /subjects/shiplog.images-key/versions");
    }
}
