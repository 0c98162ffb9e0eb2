package io.shiplog.schemas.cdevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.shiplog.schemas.testing.SampleEvents.Keyed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * The CDEvents export validates against the JSON schemas the CDEvents project publishes for spec {@value CdEvents#SPEC}
 * (as the CDEvents Go SDK embeds them): every event type the mapping produces, from realistic events with their
 * optional fields present and absent. The schemas are files in the directory {@code SHIPLOG_CDEVENTS_SCHEMAS} names
 * ({@code scripts/cdevents-schemas.sh} prints it); their {@code $ref}s resolve there, never over the network, and
 * formats ({@code date-time}, {@code uri-reference}) are asserted.
 */
class CdEventsSchemaIT {

    private static final String SCHEMA_IDS = "https://cdevents.dev/" + CdEvents.SPEC + "/schema/";
    private static final Path DIRECTORY = directory();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            registry -> registry
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
                    .schemas(CdEventsSchemaIT::publishedSchema));

    @Test
    void everyCdEventTypeTheMappingProducesValidatesAgainstItsPublishedSchema() {
        TreeSet<String> covered = new TreeSet<>();
        for (Keyed event : CdEventSamples.all()) {
            CloudEvent cloud = CdEvents.cloudEvent(event.topic(), event.key(), (GenericRecord) event.value());
            if (!cloud.type().startsWith("dev.cdevents.")) {
                continue;
            }
            covered.add(cloud.type());
            assertThat(errors(schemaOf(cloud.type()), cloud.data().toString()))
                    .as("%s %s as %s: %s", event.value().getSchema().getName(), cloud.id(), cloud.type(), cloud.data())
                    .isEmpty();
        }
        assertThat(covered).containsExactlyInAnyOrderElementsOf(CdEvents.TYPES);
    }

    @Test
    void everyCdEventNamesTheSpecReleaseWhoseSchemaItFollows() {
        for (Keyed event : CdEventSamples.all()) {
            CloudEvent cloud = CdEvents.cloudEvent(event.topic(), event.key(), (GenericRecord) event.value());
            if (cloud.type().startsWith("dev.cdevents.")) {
                assertThat(cloud.data().path("context").path("version").asText()).as(cloud.type())
                        .isEqualTo(CdEvents.SPEC);
                assertThat(schemaOf(cloud.type()).getSchemaNode().path("$id").asString())
                        .startsWith(SCHEMA_IDS);
            }
        }
    }

    @Test
    void thePublishedSchemasRejectShiplogFieldsInsideTheSubjectContent() {
        Keyed completed = CdEventSamples.succeededApply();
        CloudEvent cloud = CdEvents.cloudEvent(completed.topic(), completed.key(), (GenericRecord) completed.value());
        ObjectNode misplaced = cloud.data().deepCopy();
        ((ObjectNode) misplaced.path("subject").path("content")).set("shiplog", misplaced.path("customData"));

        assertThat(errors(schemaOf(cloud.type()), misplaced.toString()))
                .anySatisfy(error -> assertThat(error.getMessage()).contains("shiplog"));
    }

    @Test
    void thePublishedSchemasRejectAnEventOfAnotherSpecRelease() {
        Keyed completed = CdEventSamples.succeededApply();
        CloudEvent cloud = CdEvents.cloudEvent(completed.topic(), completed.key(), (GenericRecord) completed.value());
        ObjectNode older = cloud.data().deepCopy();
        ((ObjectNode) older.path("context")).put("type", "dev.cdevents.service.deployed.0.1.1");

        assertThat(errors(schemaOf(cloud.type()), older.toString()))
                .anySatisfy(error -> assertThat(error.getInstanceLocation().toString()).contains("type"));
    }

    @Test
    void thePublishedLinksSchemaRejectsALinkOfAnUnknownType() {
        Keyed completed = CdEventSamples.succeededApply();
        CloudEvent cloud = CdEvents.cloudEvent(completed.topic(), completed.key(), (GenericRecord) completed.value());
        ObjectNode linked = cloud.data().deepCopy();
        assertThat(linked.path("context").path("links").size()).isEqualTo(1);
        ((ObjectNode) linked.path("context").path("links").path(0)).put("linkType", "PARENT");

        assertThat(errors(schemaOf(cloud.type()), cloud.data().toString())).isEmpty();
        assertThat(errors(schemaOf(cloud.type()), linked.toString()))
                .anySatisfy(error -> assertThat(error.getInstanceLocation().toString()).contains("links"));
    }

    /** The published schema of a CDEvent type ({@code dev.cdevents.service.deployed.0.2.0}: service-deployed-event). */
    private static Schema schemaOf(String type) {
        String[] parts = type.split("\\.");
        return SCHEMAS.getSchema(SchemaLocation.of(SCHEMA_IDS + parts[2] + "-" + parts[3] + "-event"));
    }

    /**
     * The text of a published schema by its {@code $id}, or null when {@link #DIRECTORY} does not hold it: the
     * validator then fails naming the id, as it does for any other id (it fetches nothing over the network).
     */
    private static String publishedSchema(String id) {
        if (!id.startsWith(SCHEMA_IDS)) {
            return null;
        }
        Path file = DIRECTORY.resolve(id.substring(SCHEMA_IDS.length()) + ".json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** {@code SHIPLOG_CDEVENTS_SCHEMAS}, else what {@code scripts/cdevents-schemas.sh} prints (it caches them). */
    private static Path directory() {
        String configured = System.getenv("SHIPLOG_CDEVENTS_SCHEMAS");
        Path directory = configured == null || configured.isBlank() ? fromScript() : Path.of(configured.trim());
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("SHIPLOG_CDEVENTS_SCHEMAS=" + directory + " is not a directory");
        }
        return directory;
    }

    private static Path fromScript() {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isExecutable(root.resolve("scripts/cdevents-schemas.sh"))) {
            root = root.getParent();
        }
        if (root == null) {
            throw new IllegalStateException("SHIPLOG_CDEVENTS_SCHEMAS is not set and scripts/cdevents-schemas.sh is "
                    + "not found above " + Path.of("").toAbsolutePath() + ": it names the directory of the published "
                    + "CDEvents " + CdEvents.SPEC + " JSON schemas");
        }
        try {
            Process process = new ProcessBuilder(root.resolve("scripts/cdevents-schemas.sh").toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0 || printed.isEmpty()) {
                throw new IllegalStateException("scripts/cdevents-schemas.sh failed; its errors are above");
            }
            return Path.of(printed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run scripts/cdevents-schemas.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running scripts/cdevents-schemas.sh", e);
        }
    }

    private static List<Error> errors(Schema schema, String json) {
        return schema.validate(json, InputFormat.JSON);
    }
}
