package io.shiplog.schemas.cdevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ApplyStatus;
import io.shiplog.schemas.testing.SampleEvents.Keyed;
import io.shiplog.schemas.testing.SampleEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The CDEvents export validates against the published CDEvents v0.4.1 JSON schemas (test resources
 * {@code cdevents/v0.4.1}), every event is a valid CloudEvent 1.0, and generic records (the CLI's) give the same
 * events as specific ones (the auditor's).
 */
class CdEventsSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, String> SCHEMA_FILES = Map.of(
            "dev.cdevents.artifact.published.0.2.0", "artifactpublished",
            "dev.cdevents.change.merged.0.2.0", "changemerged",
            "dev.cdevents.taskrun.started.0.2.0", "taskrunstarted",
            "dev.cdevents.service.deployed.0.2.0", "servicedeployed",
            "dev.cdevents.incident.detected.0.2.0", "incidentdetected",
            "dev.cdevents.incident.resolved.0.2.0", "incidentresolved");

    @Test
    void everyCdEventValidatesAgainstThePublishedSchemaOfItsType() throws IOException {
        TreeSet<String> covered = new TreeSet<>();
        for (Keyed event : events()) {
            CloudEvent cloud = CdEvents.cloudEvent(event.topic(), event.key(), (GenericRecord) event.value());
            if (!cloud.type().startsWith("dev.cdevents.")) {
                continue;
            }
            covered.add(cloud.type());
            assertThat(errors(cdeventSchema(cloud.type()), cloud.data().toString()))
                    .as("%s as %s", event.value().getSchema().getName(), cloud.type()).isEmpty();
            assertThat(cloud.data().path("context").path("version").asText()).isEqualTo(CdEvents.SPEC);
            assertThat(cloud.data().path("context").path("id").asText()).isEqualTo(cloud.id());
        }
        assertThat(covered).containsExactlyInAnyOrderElementsOf(SCHEMA_FILES.keySet());
    }

    @Test
    void everyEventOfTheLogIsAValidCloudEvent() throws IOException {
        Schema cloudEvents = schema("cdevents/cloudevents-1.0.json");
        for (Keyed event : events()) {
            CloudEvent cloud = CdEvents.cloudEvent(event.topic(), event.key(), (GenericRecord) event.value());
            assertThat(errors(cloudEvents, cloud.structured())).as(event.value().getSchema().getName()).isEmpty();
        }
    }

    @Test
    void theShiplogEventTravelsAsCustomDataWithReadableTimes() {
        Keyed completed = succeededApply();
        CloudEvent cloud = CdEvents.cloudEvent(completed.topic(), completed.key(), (GenericRecord) completed.value());

        assertThat(cloud.type()).isEqualTo("dev.cdevents.service.deployed.0.2.0");
        JsonNode content = cloud.data().path("subject").path("content");
        assertThat(content.path("environment").path("id").asText()).isEqualTo("prod-eu");
        assertThat(content.path("artifactId").asText()).startsWith("pkg:oci/app@sha256%3A")
                .contains("repository_url=ghcr.io/acme/app").contains("&tag=1.4.3");
        assertThat(cloud.data().path("customData").path("cluster").asText()).isEqualTo("prod-eu");
        assertThat(cloud.data().path("customData").path("startedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(cloud.attributes()).containsEntry("shiplogtype", "ApplyCompleted")
                .containsEntry("shiplogtopic", "shiplog.applies");
    }

    @Test
    void genericRecordsGiveTheSameEventsAsSpecificOnes() throws IOException {
        for (Keyed event : events()) {
            CloudEvent specific = CdEvents.cloudEvent(event.topic(), event.key(), (GenericRecord) event.value());
            CloudEvent generic = CdEvents.cloudEvent(event.topic(), event.key(), generic(event.value()));
            assertThat(generic.structured()).isEqualTo(specific.structured());
        }
    }

    @Test
    void theSchemasRejectShiplogFieldsInsideTheSubjectContent() throws IOException {
        Keyed completed = succeededApply();
        CloudEvent cloud = CdEvents.cloudEvent(completed.topic(), completed.key(), (GenericRecord) completed.value());
        ObjectNode misplaced = cloud.data().deepCopy();
        ((ObjectNode) misplaced.path("subject").path("content")).set("shiplog", misplaced.path("customData"));

        assertThat(errors(cdeventSchema(cloud.type()), misplaced.toString()))
                .anySatisfy(error -> assertThat(error.getMessage()).contains("shiplog"));
    }

    /** Every sample with an envelope payload, plus a succeeded apply (the samples' apply partly failed). */
    private static List<Keyed> events() {
        List<Keyed> events = new ArrayList<>();
        for (Keyed event : SampleEvents.all()) {
            if (event.value().getSchema().getField("payload") != null) {
                events.add(event);
            }
        }
        events.add(succeededApply());
        return events;
    }

    private static Keyed succeededApply() {
        Keyed partly = SampleEvents.all().stream()
                .filter(e -> e.value() instanceof ApplyEvent a && a.getPayload() instanceof ApplyCompleted)
                .findFirst().orElseThrow();
        ApplyEvent apply = (ApplyEvent) partly.value();
        ApplyCompleted completed = ApplyCompleted.newBuilder((ApplyCompleted) apply.getPayload())
                .setStatus(ApplyStatus.SUCCEEDED).build();
        return new Keyed(partly.topic(), partly.key(), ApplyEvent.newBuilder(apply).setPayload(completed).build());
    }

    private static GenericRecord generic(SpecificRecord record) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(record.getSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }

    private static Schema cdeventSchema(String type) throws IOException {
        return schema("cdevents/v0.4.1/" + SCHEMA_FILES.get(type) + ".json");
    }

    private static Schema schema(String resource) throws IOException {
        try (InputStream in = CdEventsSchemaTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return SCHEMAS.getSchema(in);
        }
    }

    private static List<Error> errors(Schema schema, String json) {
        return schema.validate(json, InputFormat.JSON);
    }
}
