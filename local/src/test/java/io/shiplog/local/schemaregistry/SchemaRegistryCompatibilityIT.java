package io.shiplog.local.schemaregistry;

import static io.shiplog.local.schemaregistry.AvroRecords.INT;
import static io.shiplog.local.schemaregistry.AvroRecords.OPTIONAL_STRING;
import static io.shiplog.local.schemaregistry.AvroRecords.STRING;
import static io.shiplog.local.schemaregistry.AvroRecords.field;
import static io.shiplog.local.schemaregistry.AvroRecords.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.junit.KafkaBrokerExtension;
import io.shiplog.local.schemaregistry.RegistryClient.Reply;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Compatibility levels and config; each test has a registry on a topic of its own, so global levels do not leak. */
@ExtendWith(KafkaBrokerExtension.class)
class SchemaRegistryCompatibilityIT {

    private static final String V1 = record("Order", field("id", STRING));
    private static final String WITH_OPTIONAL = record("Order", field("id", STRING),
            field("note", OPTIONAL_STRING, "null"));
    private static final String WITH_REQUIRED = record("Order", field("id", STRING), field("qty", INT));
    private static final String ID_AS_INT = record("Order", field("id", INT));
    private static final String SUBJECT = "orders-value";

    private EmbeddedSchemaRegistry registry;
    private RegistryClient client;

    @BeforeEach
    void startRegistry(KafkaBroker kafka) {
        registry = EmbeddedSchemaRegistry.builder(kafka.bootstrapServers())
                .topic("_schemas-compat-" + UUID.randomUUID()).start();
        client = new RegistryClient(registry.url());
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private void assertRefused(Reply reply, String subject, String... details) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(409);
        assertThat(reply.errorCode()).isEqualTo(409);
        assertThat(reply.message()).startsWith("Schema being registered is incompatible with an earlier schema for"
                + " subject \"" + subject + "\", details: [").contains(details);
    }

    @Test
    void backwardIsTheDefaultAndAcceptsAddingAnOptionalField() {
        assertThat(client.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        client.register(SUBJECT, V1);

        Reply added = client.register(SUBJECT, WITH_OPTIONAL);

        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(client.get("/subjects/" + SUBJECT + "/versions").json().toString()).isEqualTo("[1,2]");
    }

    @Test
    void backwardRefusesChangingATypeOrAddingARequiredFieldWith409() {
        client.register(SUBJECT, V1);

        assertRefused(client.register(SUBJECT, ID_AS_INT), SUBJECT, "TYPE_MISMATCH", "/fields/0/type",
                "{compatibility: 'BACKWARD'}");
        assertRefused(client.register(SUBJECT, WITH_REQUIRED), SUBJECT, "READER_FIELD_MISSING_DEFAULT_VALUE",
                "/fields/1");
        assertThat(client.get("/subjects/" + SUBJECT + "/versions").json().toString()).isEqualTo("[1]");
    }

    @Test
    void removingAFieldWithoutDefaultIsRefusedWhereOldReadersNeedIt() {
        client.register(SUBJECT, WITH_REQUIRED);
        client.setCompatibility("/config", "FULL");

        assertRefused(client.register(SUBJECT, V1), SUBJECT, "READER_FIELD_MISSING_DEFAULT_VALUE",
                "{compatibility: 'FULL'}");
    }

    @Test
    void subjectLevelNoneOverridesAGlobalBackward() {
        client.register(SUBJECT, V1);
        Reply set = client.setCompatibility("/config/" + SUBJECT, "NONE");
        assertThat(set.json().toString()).isEqualTo("{\"compatibility\":\"NONE\"}");

        assertThat(client.register(SUBJECT, ID_AS_INT).status()).isEqualTo(200);
        client.register("other-value", V1);
        assertRefused(client.register("other-value", ID_AS_INT), "other-value", "TYPE_MISMATCH");
    }

    @Test
    void subjectLevelBackwardOverridesAGlobalNone() {
        assertThat(client.setCompatibility("/config", "NONE").json().get("compatibility").asText()).isEqualTo("NONE");
        client.setCompatibility("/config/" + SUBJECT, "backward");
        client.register(SUBJECT, V1);
        client.register("other-value", V1);

        assertRefused(client.register(SUBJECT, ID_AS_INT), SUBJECT, "TYPE_MISMATCH");
        assertThat(client.register("other-value", ID_AS_INT).status()).isEqualTo(200);
    }

    @Test
    void forwardAcceptsANewRequiredFieldButRefusesRemovingOne() {
        client.setCompatibility("/config/" + SUBJECT, "FORWARD");
        client.register(SUBJECT, V1);

        assertThat(client.register(SUBJECT, WITH_REQUIRED).status()).isEqualTo(200);
        assertRefused(client.register(SUBJECT, record("Order", field("qty", INT))), SUBJECT,
                "READER_FIELD_MISSING_DEFAULT_VALUE", "{compatibility: 'FORWARD'}");
    }

    @Test
    void fullAcceptsOnlyChangesBothSidesCanRead() {
        client.setCompatibility("/config/" + SUBJECT, "FULL");
        client.register(SUBJECT, V1);

        assertRefused(client.register(SUBJECT, WITH_REQUIRED), SUBJECT, "{compatibility: 'FULL'}");
        assertThat(client.register(SUBJECT, WITH_OPTIONAL).status()).isEqualTo(200);
    }

    @Test
    void transitiveLevelsCheckEveryLiveVersionNotOnlyTheLatest() {
        String first = record("Order", field("x", STRING));
        String second = record("Order", field("y", INT, "0"));
        String third = record("Order", field("y", INT, "0"), field("x", INT, "0"));
        client.register(SUBJECT, first);
        client.register(SUBJECT, second);
        client.setCompatibility("/config/" + SUBJECT, "BACKWARD_TRANSITIVE");

        assertRefused(client.register(SUBJECT, third), SUBJECT, "TYPE_MISMATCH", "{oldSchemaVersion: 1}",
                "{compatibility: 'BACKWARD_TRANSITIVE'}");

        client.setCompatibility("/config/" + SUBJECT, "BACKWARD");
        assertThat(client.register(SUBJECT, third).status()).isEqualTo(200);
    }

    @Test
    void compatibilityEndpointAnswersPerVersionAndExplainsWhenVerbose() {
        client.register(SUBJECT, V1);

        Reply latest = client.post("/compatibility/subjects/" + SUBJECT + "/versions/latest",
                RegistryClient.schemaBody(WITH_OPTIONAL));
        assertThat(latest.json().toString()).isEqualTo("{\"is_compatible\":true}");

        Reply verbose = client.post("/compatibility/subjects/" + SUBJECT + "/versions/1?verbose=true",
                RegistryClient.schemaBody(ID_AS_INT));
        assertThat(verbose.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(verbose.json().get("messages")).extracting(JsonNode::asText)
                .anySatisfy(m -> assertThat(m).contains("TYPE_MISMATCH"));

        assertThat(client.post("/compatibility/subjects/nobody-value/versions/latest",
                RegistryClient.schemaBody(V1)).errorCode()).isEqualTo(40401);
        assertThat(client.post("/compatibility/subjects/" + SUBJECT + "/versions/9",
                RegistryClient.schemaBody(V1)).errorCode()).isEqualTo(40402);
    }

    @Test
    void subjectConfigIsReportedOnlyWhenSetUnlessDefaultToGlobal() {
        Reply unset = client.get("/config/" + SUBJECT);
        assertThat(unset.status()).isEqualTo(404);
        assertThat(unset.errorCode()).isEqualTo(40408);
        assertThat(client.get("/config/" + SUBJECT + "?defaultToGlobal=true").json().toString())
                .isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");

        client.setCompatibility("/config/" + SUBJECT, "FULL_TRANSITIVE");
        assertThat(client.get("/config/" + SUBJECT).json().toString())
                .isEqualTo("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}");

        assertThat(client.delete("/config/" + SUBJECT).json().get("compatibilityLevel").asText())
                .isEqualTo("FULL_TRANSITIVE");
        assertThat(client.get("/config/" + SUBJECT).errorCode()).isEqualTo(40408);
        assertThat(client.delete("/config/" + SUBJECT).errorCode()).isEqualTo(40408);
    }
}
