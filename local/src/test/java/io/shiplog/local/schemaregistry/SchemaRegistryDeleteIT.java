package io.shiplog.local.schemaregistry;

import io.shiplog.local.junit.SchemaRegistryExtension;
import static io.shiplog.local.schemaregistry.AvroRecords.INT;
import static io.shiplog.local.schemaregistry.AvroRecords.STRING;
import static io.shiplog.local.schemaregistry.AvroRecords.field;
import static io.shiplog.local.schemaregistry.AvroRecords.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplog.local.schemaregistry.RegistryClient.Reply;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Soft and permanent deletes of subjects and versions on the shared registry. */
@ExtendWith(SchemaRegistryExtension.class)
class SchemaRegistryDeleteIT {

    private static final String V1 = record("Order", field("id", STRING));
    private static final String V2 = record("Order", field("id", STRING), field("qty", INT, "1"));

    private final RegistryClient client;
    private String subject;

    SchemaRegistryDeleteIT(SchemaRegistry registry) {
        this.client = new RegistryClient(registry.url());
    }

    @BeforeEach
    void subjectWithTwoVersions() {
        subject = "delete-" + UUID.randomUUID() + "-value";
        client.register(subject, V1);
        client.register(subject, V2);
    }

    @Test
    void softDeletingASubjectHidesItUnlessDeletedIsAskedFor() {
        Reply deleted = client.delete("/subjects/" + subject);

        assertThat(deleted.json().toString()).isEqualTo("[1,2]");
        assertThat(client.get("/subjects").json()).extracting(JsonNode::asText).doesNotContain(subject);
        assertThat(client.get("/subjects?deleted=true").json()).extracting(JsonNode::asText).contains(subject);
        assertThat(client.get("/subjects/" + subject + "/versions").errorCode()).isEqualTo(40401);
        assertThat(client.get("/subjects/" + subject + "/versions?deleted=true").json().toString()).isEqualTo("[1,2]");
        assertThat(client.get("/subjects/" + subject + "/versions/1?deleted=true").status()).isEqualTo(200);

        Reply again = client.delete("/subjects/" + subject);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.errorCode()).isEqualTo(40404);
    }

    @Test
    void permanentDeleteOfASubjectNeedsASoftDeleteFirst() {
        Reply tooEarly = client.delete("/subjects/" + subject + "?permanent=true");
        assertThat(tooEarly.status()).isEqualTo(404);
        assertThat(tooEarly.errorCode()).isEqualTo(40405);
        assertThat(client.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1,2]");

        int id = client.get("/subjects/" + subject + "/versions/1").json().get("id").asInt();
        client.delete("/subjects/" + subject);
        Reply permanent = client.delete("/subjects/" + subject + "?permanent=true");

        assertThat(permanent.json().toString()).isEqualTo("[1,2]");
        assertThat(client.get("/subjects?deleted=true").json()).extracting(JsonNode::asText).doesNotContain(subject);
        assertThat(client.get("/subjects/" + subject + "/versions?deleted=true").errorCode()).isEqualTo(40401);
        assertThat(client.delete("/subjects/" + subject + "?permanent=true").errorCode()).isEqualTo(40401);
        assertThat(client.get("/schemas/ids/" + id).status())
                .as("ids stay resolvable so that old records can still be read").isEqualTo(200);
    }

    @Test
    void versionDeletesFollowTheSameRules() {
        Reply tooEarly = client.delete("/subjects/" + subject + "/versions/1?permanent=true");
        assertThat(tooEarly.status()).isEqualTo(404);
        assertThat(tooEarly.errorCode()).isEqualTo(40407);

        assertThat(client.delete("/subjects/" + subject + "/versions/1").json().asInt()).isEqualTo(1);
        assertThat(client.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[2]");
        assertThat(client.get("/subjects/" + subject + "/versions/1").errorCode()).isEqualTo(40402);

        Reply again = client.delete("/subjects/" + subject + "/versions/1");
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.errorCode()).isEqualTo(40406);

        assertThat(client.delete("/subjects/" + subject + "/versions/1?permanent=true").json().asInt())
                .isEqualTo(1);
        assertThat(client.get("/subjects/" + subject + "/versions?deleted=true").json().toString()).isEqualTo("[2]");
        assertThat(client.delete("/subjects/" + subject + "/versions/1?permanent=true").errorCode())
                .isEqualTo(40402);
        assertThat(client.delete("/subjects/" + subject + "/versions/latest").json().asInt()).isEqualTo(2);
    }

    @Test
    void reRegisteringAfterASoftDeleteMakesANewVersionWithTheSameId() {
        int id = client.get("/subjects/" + subject + "/versions/2").json().get("id").asInt();
        client.delete("/subjects/" + subject);

        Reply again = client.register(subject, V2);

        assertThat(again.id()).isEqualTo(id);
        assertThat(client.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[3]");
    }

    @Test
    void softDeletedVersionsNoLongerTakePartInCompatibilityChecks() {
        String requiredQuantity = record("Order", field("id", STRING), field("qty", INT));
        client.setCompatibility("/config/" + subject, "BACKWARD_TRANSITIVE");
        assertThat(client.register(subject, requiredQuantity).status()).isEqualTo(409);

        client.delete("/subjects/" + subject + "/versions/1");

        assertThat(client.register(subject, requiredQuantity).status()).isEqualTo(200);
    }
}
