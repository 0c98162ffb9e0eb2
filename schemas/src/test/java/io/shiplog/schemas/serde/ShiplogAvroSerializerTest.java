package io.shiplog.schemas.serde;

import static io.shiplog.schemas.serde.Events.TOPIC;
import static io.shiplog.schemas.serde.Events.configs;
import static io.shiplog.schemas.serde.Events.deserializer;
import static io.shiplog.schemas.serde.Events.serializer;
import static io.shiplog.schemas.serde.Events.tagDiscovered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.events.ImageEvent;
import io.shiplog.schemas.registry.FakeSchemaRegistry;
import io.shiplog.local.support.Ports;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How the serializer picks schema ids and subjects, and how it fails. */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard that turns a hang into a failure, not a speed check
class ShiplogAvroSerializerTest {

    private static final Schema V1 = SchemaBuilder.record("Thing").namespace("io.shiplog.test").fields()
            .requiredString("name").endRecord();
    private static final Schema V2 = SchemaBuilder.record("Thing").namespace("io.shiplog.test").fields()
            .requiredString("name").name("colour").type().stringType().stringDefault("grey").endRecord();
    private static final Schema V2_REQUIRED = SchemaBuilder.record("Thing").namespace("io.shiplog.test").fields()
            .requiredString("name").requiredInt("size").endRecord();

    private final FakeSchemaRegistry registry = new FakeSchemaRegistry();

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private static GenericRecord thing(String name) {
        GenericRecord thing = new GenericData.Record(V1);
        thing.put("name", name);
        return thing;
    }

    @Test
    void looksUpInsteadOfRegisteringWhenAutoRegisterIsOff() {
        int id = registry.preRegister(TOPIC + "-value", ImageEvent.getClassSchema());

        byte[] bytes = serializer(configs(registry.url(), "auto.register.schemas", "false"))
                .serialize(TOPIC, tagDiscovered("abc"));

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);
        assertThat(registry.requests()).extracting(Object::toString).containsExactly("POST /subjects/shiplog.images-value");
    }

    @Test
    void failsWhenAutoRegisterIsOffAndTheSchemaIsNotRegistered() {
        registry.preRegister("things-value", V2_REQUIRED);
        ShiplogAvroSerializer serializer = serializer(configs(registry.url(), "auto.register.schemas", false));

        assertThatThrownBy(() -> serializer.serialize("things", thing("a")))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("cannot serialize the value for topic things: schema io.shiplog.test.Thing "
                        + "is not registered under subject things-value at " + registry.url()
                        + " and auto.register.schemas is false")
                .hasMessageContaining("error 40403");
        assertThatThrownBy(() -> serializer.serialize("others", thing("a")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not registered under subject others-value").hasMessageContaining("error 40401");
    }

    @Test
    void writesWithTheLatestSchemaWhenUseLatestVersionIsOn() {
        registry.preRegister("things-value", V1);
        int latest = registry.preRegister("things-value", V2);
        ShiplogAvroSerializer serializer = serializer(configs(registry.url(), "auto.register.schemas", false,
                "use.latest.version", true));

        byte[] bytes = serializer.serialize("things", thing("a"));
        GenericRecord read = (GenericRecord) deserializer(configs(registry.url())).deserialize("things", bytes);

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(latest);
        assertThat(read.getSchema()).isEqualTo(V2);
        assertThat(read.get("name").toString()).isEqualTo("a");
        assertThat(read.get("colour").toString()).isEqualTo("grey");
        assertThat(registry.requests()).extracting(Object::toString)
                .containsExactly("GET /subjects/things-value/versions/latest", "GET /schemas/ids/" + latest);
    }

    @Test
    void writesAGeneratedEventWithTheLatestSchemaWhenItIsTheSame() {
        int id = registry.preRegister(TOPIC + "-value", ImageEvent.getClassSchema());
        ShiplogAvroSerializer serializer = serializer(configs(registry.url(), "auto.register.schemas", false,
                "use.latest.version", true));

        byte[] bytes = serializer.serialize(TOPIC, tagDiscovered("abc"));

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);
        assertThat(deserializer(configs(registry.url(), "specific.avro.reader", true)).deserialize(TOPIC, bytes))
                .isEqualTo(tagDiscovered("abc"));
    }

    @Test
    void refusesADatumThatDoesNotFitTheLatestSchema() {
        registry.preRegister("things-value", V2_REQUIRED);
        ShiplogAvroSerializer serializer = serializer(configs(registry.url(), "auto.register.schemas", false,
                "use.latest.version", true));

        assertThatThrownBy(() -> serializer.serialize("things", thing("a")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic things")
                .hasMessageContaining("does not fit the latest schema of subject things-value (id 1, version 1)")
                .hasMessageContaining("size");
    }

    @Test
    void usesTheRecordNameStrategyByConfluentsClassName() {
        ShiplogAvroSerializer serializer = serializer(configs(registry.url(), "value.subject.name.strategy",
                "io.confluent.kafka.serializers.subject.RecordNameStrategy"));

        serializer.serialize(TOPIC, tagDiscovered("abc"));

        assertThat(registry.requests().get(0).toString())
                .isEqualTo("POST /subjects/io.shiplog.events.ImageEvent/versions");
    }

    @Test
    void usesTheTopicRecordNameStrategyByShortNameForKeys() {
        ShiplogAvroSerializer serializer = new ShiplogAvroSerializer();
        serializer.configure(configs(registry.url(), "key.subject.name.strategy", "TopicRecordNameStrategy"), true);

        serializer.serialize(TOPIC, tagDiscovered("abc"));

        assertThat(registry.requests().get(0).toString())
                .isEqualTo("POST /subjects/shiplog.images-io.shiplog.events.ImageEvent/versions");
    }

    @Test
    void usesTheTopicNameStrategyByConfluentsClassName() {
        serializer(configs(registry.url(), "value.subject.name.strategy",
                "io.confluent.kafka.serializers.subject.TopicNameStrategy")).serialize(TOPIC, tagDiscovered("a"));

        assertThat(registry.requests().get(0).toString()).isEqualTo("POST /subjects/shiplog.images-value/versions");
    }

    @Test
    void rejectsAnUnknownSubjectNameStrategy() {
        assertThatThrownBy(() -> serializer(configs(registry.url(), "value.subject.name.strategy",
                "io.confluent.kafka.serializers.subject.NoSuchStrategy")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("value.subject.name.strategy")
                .hasMessageContaining("NoSuchStrategy");
    }

    @Test
    void refusesAPrimitiveUnderTheRecordNameStrategy() {
        ShiplogAvroSerializer serializer = serializer(configs(registry.url(), "value.subject.name.strategy",
                "RecordNameStrategy"));

        assertThatThrownBy(() -> serializer.serialize(TOPIC, "plain"))
                .isInstanceOf(SerializationException.class)
                .hasMessage("cannot serialize the value for topic shiplog.images: RecordNameStrategy needs a named "
                        + "schema (record, enum or fixed), but the datum's schema is string");
    }

    @Test
    void requiresTheRegistryUrlWithoutAClient() {
        assertThatThrownBy(() -> new ShiplogAvroSerializer().configure(java.util.Map.of(), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url is required");
    }

    @Test
    void rejectsABadBooleanNamingTheKey() {
        assertThatThrownBy(() -> serializer(configs(registry.url(), "auto.register.schemas", "yes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auto.register.schemas")
                .hasMessageContaining("must be true or false");
    }

    @Test
    void ignoresUnknownKeys() {
        ShiplogAvroSerializer serializer = serializer(configs(registry.url(), "some.future.key", "x",
                "bootstrap.servers", "127.0.0.1:9092"));

        assertThat(serializer.serialize(TOPIC, "value")).isNotNull();
    }

    @Test
    void refusesAnUnsupportedJavaType() {
        assertThatThrownBy(() -> serializer(configs(registry.url())).serialize(TOPIC, new Date()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic shiplog.images")
                .hasMessageContaining("cannot write a java.util.Date as Avro");
        assertThat(registry.requestCount()).isZero();
    }

    @Test
    void refusesARecordThatDoesNotMatchItsOwnSchema() {
        GenericRecord incomplete = new GenericData.Record(V1);

        assertThatThrownBy(() -> serializer(configs(registry.url())).serialize("things", incomplete))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("cannot serialize the value for topic things: datum does not match its "
                        + "schema io.shiplog.test.Thing (id 1)");
    }

    @Test
    void failsFastWhenTheRegistryIsDown() {
        String down = "http://127.0.0.1:" + Ports.freePort();
        ShiplogAvroSerializer serializer = serializer(configs(down, "max.retries", 1));

        assertThatThrownBy(() -> serializer.serialize(TOPIC, tagDiscovered("a")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot serialize the value for topic shiplog.images: cannot register schema "
                        + "io.shiplog.events.ImageEvent under subject shiplog.images-value")
                .hasMessageContaining(down + " is unreachable");
    }

    @Test
    void failsWhenTheRegistryKeepsAnswering5xx() {
        registry.failNext(100, 500);
        ShiplogAvroSerializer serializer = serializer(configs(registry.url(), "max.retries", 2));

        assertThatThrownBy(() -> serializer.serialize(TOPIC, tagDiscovered("a")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic shiplog.images")
                .hasMessageContaining("HTTP 500, error 50001");
        assertThat(registry.requestCount()).isEqualTo(3);
    }

    @Test
    void sendsBasicAuthAndKeepsThePasswordOutOfTheError() {
        registry.requireBasicAuth("svc", "pa55-word");
        ShiplogAvroSerializer good = serializer(configs(registry.url(), "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "svc:pa55-word"));
        ShiplogAvroSerializer bad = serializer(configs(registry.url("svc:wrong-pa55")));

        assertThat(good.serialize(TOPIC, tagDiscovered("a"))).isNotNull();
        assertThatThrownBy(() -> bad.serialize(TOPIC, tagDiscovered("a")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("HTTP 401")
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(t.toString()).doesNotContain("pa55");
                    }
                });
        assertThat(registry.requests().get(0).authorization()).startsWith("Basic ");
    }
}
