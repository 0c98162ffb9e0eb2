package io.shiplog.local.schemaregistry;

import io.shiplog.local.junit.SchemaRegistryExtension;
import static io.shiplog.local.schemaregistry.AvroRecords.INT;
import static io.shiplog.local.schemaregistry.AvroRecords.STRING;
import static io.shiplog.local.schemaregistry.AvroRecords.field;
import static io.shiplog.local.schemaregistry.AvroRecords.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shiplog.local.schemaregistry.RegistryClient.Reply;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The REST API of the shared registry; every test uses subjects of its own. */
@ExtendWith(SchemaRegistryExtension.class)
class SchemaRegistryApiIT {

    private final RegistryClient client;
    private String subject;

    SchemaRegistryApiIT(SchemaRegistry registry) {
        this.client = new RegistryClient(registry.url());
    }

    @BeforeEach
    void uniqueSubject() {
        subject = "api-" + UUID.randomUUID() + "-value";
    }

    @Test
    void registersThenServesTheSchemaByIdVersionLatestAndLookup() {
        String schema = record("Order", field("id", STRING));
        Reply registered = client.register(subject, schema);
        assertThat(registered.status()).isEqualTo(200);
        assertThat(registered.headers().firstValue("Content-Type")).contains(RegistryClient.CONTENT_TYPE);
        int id = registered.id();
        assertThat(id).isPositive();

        Reply byId = client.get("/schemas/ids/" + id);
        assertThat(byId.status()).isEqualTo(200);
        assertThat(byId.json().get("schema").asText()).isEqualTo(schema);
        assertThat(byId.json().has("schemaType")).isFalse();

        Reply latest = client.get("/subjects/" + subject + "/versions/latest");
        assertThat(latest.json().get("subject").asText()).isEqualTo(subject);
        assertThat(latest.json().get("version").asInt()).isEqualTo(1);
        assertThat(latest.json().get("id").asInt()).isEqualTo(id);
        assertThat(client.get("/subjects/" + subject + "/versions/1").json()).isEqualTo(latest.json());
        assertThat(client.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
        assertThat(client.get("/subjects").json()).extracting(JsonNode::asText).contains(subject);

        Reply lookup = client.post("/subjects/" + subject, RegistryClient.schemaBody(schema.replace(",", ", ")));
        assertThat(lookup.status()).isEqualTo(200);
        assertThat(lookup.json().get("version").asInt()).isEqualTo(1);
        assertThat(lookup.json().get("id").asInt()).isEqualTo(id);
    }

    @Test
    void registeringTheSameSchemaAgainReturnsItsIdWithoutANewVersion() {
        String schema = record("Order", field("id", STRING));
        int id = client.register(subject, schema).id();

        Reply again = client.post("/subjects/" + subject + "/versions?normalize=true",
                RegistryClient.schemaBody(schema.replace(":", " : ")));

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.id()).isEqualTo(id);
        assertThat(client.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
    }

    @Test
    void sameSchemaUnderAnotherSubjectGetsTheSameGlobalId() {
        String schema = record("Shared" + UUID.randomUUID().toString().replace("-", ""), field("id", STRING));
        String other = subject.replace("-value", "-key");
        int id = client.register(subject, schema).id();

        assertThat(client.register(other, schema).id()).isEqualTo(id);
        assertThat(client.get("/schemas/ids/" + id + "/versions").json().toString())
                .contains("{\"subject\":\"" + subject + "\",\"version\":1}")
                .contains("{\"subject\":\"" + other + "\",\"version\":1}");
        assertThat(client.get("/schemas/ids/" + id + "/subjects").json()).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(subject, other);
    }

    @Test
    void aNewVersionGetsANewIdAndTheRawSchemaEndpointServesTheSchemaItself() {
        String v1 = record("Order", field("id", STRING));
        String v2 = record("Order", field("id", STRING), field("qty", INT, "1"));
        int id1 = client.register(subject, v1).id();
        int id2 = client.register(subject, v2).id();

        assertThat(id2).isNotEqualTo(id1);
        assertThat(client.get("/subjects/" + subject + "/versions/latest").json().get("version").asInt())
                .isEqualTo(2);
        Reply raw = client.get("/subjects/" + subject + "/versions/2/schema");
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.body()).isEqualTo(v2);
        assertThat(client.get("/schemas/ids/" + id1 + "/schema").body()).isEqualTo(v1);
    }

    @Test
    void resolvesReferencesToNamedTypesRegisteredUnderOtherSubjects() {
        String metaSubject = subject.replace("-value", "-meta");
        client.register(metaSubject, record("Meta", field("eventId", STRING)));
        ObjectNode body = RegistryClient.object().put("schema", record("Envelope", field("meta", "\"Meta\"")));
        body.putArray("references").addObject()
                .put("name", "io.shiplog.test.Meta").put("subject", metaSubject).put("version", 1);

        Reply registered = client.post("/subjects/" + subject + "/versions", body.toString());

        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        JsonNode byId = client.get("/schemas/ids/" + registered.id()).json();
        assertThat(byId.get("references").get(0).get("subject").asText()).isEqualTo(metaSubject);
        assertThat(client.post("/subjects/" + subject, body.toString()).json().get("id").asInt())
                .isEqualTo(registered.id());
        assertThat(client.get("/subjects/" + metaSubject + "/versions/1/referencedby").json().toString())
                .isEqualTo("[" + registered.id() + "]");
    }

    @Test
    void refusesInvalidSchemasAndOtherSchemaTypesWith42201() {
        Reply noFields = client.register(subject, "{\"type\":\"record\",\"name\":\"X\"}");
        assertThat(noFields.status()).isEqualTo(422);
        assertThat(noFields.errorCode()).isEqualTo(42201);
        assertThat(noFields.message()).contains("Record has no fields");

        Reply notAvro = client.register(subject, "this is not a schema");
        assertThat(notAvro.errorCode()).isEqualTo(42201);

        Reply json = client.post("/subjects/" + subject + "/versions",
                "{\"schemaType\":\"JSON\",\"schema\":\"{\\\"type\\\":\\\"object\\\"}\"}");
        assertThat(json.status()).isEqualTo(422);
        assertThat(json.errorCode()).isEqualTo(42201);
        assertThat(json.message()).contains("JSON").contains("AVRO");

        Reply missingReference = client.post("/subjects/" + subject + "/versions",
                "{\"schema\":\"\\\"string\\\"\",\"references\":[{\"name\":\"M\",\"subject\":\"nope\",\"version\":3}]}");
        assertThat(missingReference.errorCode()).isEqualTo(42201);
        assertThat(missingReference.message()).contains("nope");
    }

    @Test
    void malformedBodiesGetAClientErrorNamingTheProblem() {
        Reply malformed = client.post("/subjects/" + subject + "/versions", "{\"schema\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorCode()).isEqualTo(400);
        assertThat(malformed.message()).contains("Malformed JSON");

        Reply array = client.post("/subjects/" + subject + "/versions", "[1,2]");
        assertThat(array.status()).isEqualTo(422);
        assertThat(array.message()).contains("JSON object");

        Reply empty = client.post("/subjects/" + subject + "/versions", "");
        assertThat(empty.status()).isEqualTo(422);

        Reply badLevel = client.setCompatibility("/config/" + subject, "SIDEWAYS");
        assertThat(badLevel.status()).isEqualTo(422);
        assertThat(badLevel.errorCode()).isEqualTo(42203);
    }

    @Test
    void unknownSubjectVersionAndIdGiveConfluentErrorCodes() {
        Reply noSubject = client.get("/subjects/" + subject + "/versions/1");
        assertThat(noSubject.status()).isEqualTo(404);
        assertThat(noSubject.errorCode()).isEqualTo(40401);
        assertThat(noSubject.message()).contains(subject);
        assertThat(client.get("/subjects/" + subject + "/versions").errorCode()).isEqualTo(40401);

        client.register(subject, record("Order", field("id", STRING)));
        Reply noVersion = client.get("/subjects/" + subject + "/versions/7");
        assertThat(noVersion.status()).isEqualTo(404);
        assertThat(noVersion.errorCode()).isEqualTo(40402);

        Reply badVersion = client.get("/subjects/" + subject + "/versions/zero");
        assertThat(badVersion.status()).isEqualTo(422);
        assertThat(badVersion.errorCode()).isEqualTo(42202);
        assertThat(client.get("/subjects/" + subject + "/versions/0").errorCode()).isEqualTo(42202);

        Reply noId = client.get("/schemas/ids/987654321");
        assertThat(noId.status()).isEqualTo(404);
        assertThat(noId.errorCode()).isEqualTo(40403);

        Reply notRegisteredHere = client.post("/subjects/" + subject,
                RegistryClient.schemaBody(record("Order", field("other", STRING))));
        assertThat(notRegisteredHere.errorCode()).isEqualTo(40403);
    }

    @Test
    void unknownPathsGive404AndWrongMethods405() {
        Reply unknown = client.get("/no/such/endpoint");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo(404);

        Reply wrongMethod = client.put("/subjects/" + subject + "/versions", "{}");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.errorCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValueSatisfying(allow ->
                assertThat(allow).contains("GET").contains("POST"));
    }

    @Test
    void servesTheRootTheSchemaTypesAndSubjectsWithEncodedCharacters() {
        assertThat(client.get("/").json().toString()).isEqualTo("{}");
        assertThat(client.get("/schemas/types").json().toString()).isEqualTo("[\"AVRO\"]");

        String odd = "odd/name+with space-" + UUID.randomUUID();
        String encoded = odd.replace("/", "%2F").replace("+", "%2B").replace(" ", "%20");
        assertThat(client.register(encoded, record("Odd", field("id", STRING))).status()).isEqualTo(200);
        assertThat(client.get("/subjects/" + encoded + "/versions/latest").json().get("subject").asText())
                .isEqualTo(odd);
    }
}
