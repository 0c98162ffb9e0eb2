package io.shiplog.schemas.cdevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplog.events.Meta;
import io.shiplog.schemas.testing.SampleEvents.Keyed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.OffsetDateTime;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Every event of the log is a CloudEvent 1.0 whose attributes follow that spec and, for a CDEvent, the CDEvents
 * CloudEvents binding; a CDEvent links to its release and its cause; the Shiplog event travels as {@code customData};
 * generic records (the CLI's) give the same events as specific ones (the auditor's). {@code CdEventsSchemaIT}
 * validates the CDEvents against the published schemas.
 */
class CdEventsTest {

    @Test
    void everyEventOfTheLogIsACloudEventWithWellFormedAttributes() {
        for (Keyed event : CdEventSamples.all()) {
            CloudEvent cloud = CdEvents.cloudEvent(event.topic(), event.key(), (GenericRecord) event.value());
            String name = event.value().getSchema().getName() + " " + cloud.id();

            assertThat(cloud.attributes()).as(name).containsEntry("specversion", "1.0")
                    .containsKeys("id", "source", "type");
            assertThat(cloud.attributes().keySet()).as(name).allSatisfy(attribute -> assertThat(attribute)
                    .matches("[a-z0-9]{1,20}"));
            assertThat(cloud.attributes().values()).as(name).allSatisfy(value -> assertThat(value).isNotEmpty());
            String source = cloud.attributes().get("source");
            assertThat(URI.create(source).getRawPath()).as("%s: the source is a URI path", name).isEqualTo(source);
            assertThat(OffsetDateTime.parse(cloud.attributes().get("time")).toInstant()).as(name).isNotNull();
        }
    }

    @Test
    void aCdEventsCloudEventRepeatsTheCdEventContext() {
        for (Keyed event : CdEventSamples.all()) {
            CloudEvent cloud = CdEvents.cloudEvent(event.topic(), event.key(), (GenericRecord) event.value());
            if (!cloud.type().startsWith("dev.cdevents.")) {
                continue;
            }
            JsonNode context = cloud.data().path("context");
            assertThat(context.path("id").asText()).as(cloud.type()).isEqualTo(cloud.id());
            assertThat(context.path("source").asText()).as(cloud.type())
                    .isEqualTo(cloud.attributes().get("source"));
            assertThat(context.path("type").asText()).as(cloud.type()).isEqualTo(cloud.type());
            assertThat(context.path("timestamp").asText()).as(cloud.type()).isEqualTo(cloud.attributes().get("time"));
            assertThat(context.path("version").asText()).as(cloud.type()).isEqualTo(CdEvents.SPEC);
        }
    }

    @Test
    void aCdEventNamesItsReleaseAsChainAndTheEventThatCausedItAsPathLink() {
        int linked = 0;
        int roots = 0;
        for (Keyed event : CdEventSamples.all()) {
            CloudEvent cloud = CdEvents.cloudEvent(event.topic(), event.key(), (GenericRecord) event.value());
            if (!cloud.type().startsWith("dev.cdevents.")) {
                continue;
            }
            Meta meta = (Meta) event.value().get(event.value().getSchema().getField("meta").pos());
            JsonNode context = cloud.data().path("context");
            assertThat(context.path("chainId").asText()).as(cloud.id()).isEqualTo(meta.getCorrelationId());
            if (meta.getCausationId() == null) {
                assertThat(context.has("links")).as(cloud.id()).isFalse();
                roots++;
            } else {
                assertThat(context.path("links").toString()).as(cloud.id()).isEqualTo(
                        "[{\"linkType\":\"PATH\",\"from\":{\"contextId\":\"" + meta.getCausationId()
                                + "\"},\"tags\":{}}]");
                linked++;
            }
        }
        assertThat(linked).isPositive();
        assertThat(roots).isPositive();
    }

    @Test
    void theShiplogEventTravelsAsCustomDataWithReadableTimes() {
        Keyed completed = CdEventSamples.succeededApply();
        CloudEvent cloud = CdEvents.cloudEvent(completed.topic(), completed.key(), (GenericRecord) completed.value());

        assertThat(cloud.type()).isEqualTo("dev.cdevents.service.deployed.0.2.0");
        JsonNode content = cloud.data().path("subject").path("content");
        assertThat(content.path("environment").path("id").asText()).isEqualTo("prod-eu");
        assertThat(content.path("artifactId").asText()).startsWith("pkg:oci/app@sha256%3A")
                .contains("repository_url=ghcr.io/acme/app").contains("&tag=1.4.3");
        assertThat(cloud.data().path("customData").path("cluster").asText()).isEqualTo("prod-eu");
        assertThat(cloud.data().path("customData").path("startedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(cloud.data().path("customDataContentType").asText()).isEqualTo("application/json");
        assertThat(cloud.attributes()).containsEntry("shiplogtype", "ApplyCompleted")
                .containsEntry("shiplogtopic", "shiplog.applies");
    }

    @Test
    void genericRecordsGiveTheSameEventsAsSpecificOnes() throws IOException {
        for (Keyed event : CdEventSamples.all()) {
            CloudEvent specific = CdEvents.cloudEvent(event.topic(), event.key(), (GenericRecord) event.value());
            CloudEvent generic = CdEvents.cloudEvent(event.topic(), event.key(), generic(event.value()));
            assertThat(generic.structured()).isEqualTo(specific.structured());
        }
    }

    private static GenericRecord generic(SpecificRecord record) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(record.getSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }
}
