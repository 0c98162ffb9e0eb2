package io.shiplog.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.junit.KafkaBrokerExtension;
import io.shiplog.local.schemaregistry.EmbeddedSchemaRegistry;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Schema evolution as a producer meets it: our client against the embedded registry, on a registry of its own. */
@ExtendWith(KafkaBrokerExtension.class)
class RegistryCompatibilityIT {

    private static final Schema V1 = parse("""
            {"type":"record","name":"Release","namespace":"it","fields":[
              {"name":"tag","type":"string"},
              {"name":"replicas","type":"int"}]}""");
    private static final Schema V2_OPTIONAL_FIELD = parse("""
            {"type":"record","name":"Release","namespace":"it","fields":[
              {"name":"tag","type":"string"},
              {"name":"replicas","type":"int"},
              {"name":"digest","type":["null","string"],"default":null}]}""");
    private static final Schema V2_TYPE_CHANGED = parse("""
            {"type":"record","name":"Release","namespace":"it","fields":[
              {"name":"tag","type":"string"},
              {"name":"replicas","type":"string"}]}""");
    private static final Schema V2_REQUIRED_FIELD = parse("""
            {"type":"record","name":"Release","namespace":"it","fields":[
              {"name":"tag","type":"string"},
              {"name":"replicas","type":"int"},
              {"name":"cluster","type":"string"}]}""");
    private static final Schema V2_FIELD_REMOVED = parse("""
            {"type":"record","name":"Release","namespace":"it","fields":[
              {"name":"tag","type":"string"}]}""");

    private EmbeddedSchemaRegistry registry;
    private SchemaRegistryClient client;
    private String subject;

    @BeforeEach
    void ownRegistry(KafkaBroker kafka) {
        registry = EmbeddedSchemaRegistry.builder(kafka.bootstrapServers())
                .topic("_schemas_compat_" + UUID.randomUUID().toString().substring(0, 8)).start();
        client = HttpSchemaRegistryClient.fromConfigs(Map.of("schema.registry.url", registry.url()));
        subject = "shiplog.it-" + UUID.randomUUID() + "-value";
        client.register(subject, V1);
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void addingAnOptionalFieldIsAcceptedAsANewVersion() {
        int id = client.register(subject, V2_OPTIONAL_FIELD);

        assertThat(client.latest(subject).id()).isEqualTo(id);
        assertThat(client.latest(subject).version()).isEqualTo(2);
    }

    @Test
    void changingAFieldTypeIsRefusedWith409AndConfluentsMessage() {
        RegistryException refused = catchThrowableOfType(RegistryException.class,
                () -> client.register(subject, V2_TYPE_CHANGED));

        assertThat(refused.httpStatus()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo(409);
        assertThat(refused).hasMessageContaining("Schema being registered is incompatible with an earlier schema for subject")
                .hasMessageContaining(subject)
                .hasMessageContaining("TYPE_MISMATCH");
        assertThat(client.latest(subject).version()).isEqualTo(1);
    }

    @Test
    void addingARequiredFieldIsRefusedUnderTheDefaultBackwardLevel() {
        RegistryException refused = catchThrowableOfType(RegistryException.class,
                () -> client.register(subject, V2_REQUIRED_FIELD));

        assertThat(refused.httpStatus()).isEqualTo(409);
        assertThat(refused).hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE").hasMessageContaining("cluster");
    }

    @Test
    void removingAFieldWithoutDefaultIsRefusedWhereOldReadersMustReadNewData() {
        client.updateCompatibility(subject, "FULL");

        RegistryException refused = catchThrowableOfType(RegistryException.class,
                () -> client.register(subject, V2_FIELD_REMOVED));

        assertThat(refused.httpStatus()).isEqualTo(409);
        assertThat(refused).hasMessageContaining("replicas");
    }

    @Test
    void subjectLevelOverridesTheGlobalLevelInBothDirections() {
        assertThat(client.compatibility()).isEqualTo("BACKWARD");
        client.updateCompatibility(subject, "NONE");
        assertThat(client.register(subject, V2_TYPE_CHANGED)).isPositive();

        String strict = "shiplog.it-" + UUID.randomUUID() + "-value";
        client.updateCompatibility("NONE");
        client.register(strict, V1);
        client.updateCompatibility(strict, "FULL");
        RegistryException refused = catchThrowableOfType(RegistryException.class,
                () -> client.register(strict, V2_REQUIRED_FIELD));
        assertThat(refused.httpStatus()).isEqualTo(409);
        assertThat(client.compatibility(strict)).contains("FULL");
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
