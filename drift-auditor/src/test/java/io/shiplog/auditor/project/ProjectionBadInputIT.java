package io.shiplog.auditor.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.auditor.support.ApiClient.Response;
import io.shiplog.auditor.support.ApiClient;
import io.shiplog.auditor.support.Events;
import io.shiplog.auditor.support.RunningAuditor;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ApplyStatus;
import io.shiplog.events.CommitEvent;
import io.shiplog.events.DeadLetter;
import io.shiplog.events.Health;
import io.shiplog.events.Meta;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectRef;
import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.serde.ShiplogAvroSerializer;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import io.shiplog.schemas.testing.Envelopes;
import io.shiplog.schemas.testing.TestKafka;
import io.shiplog.schemas.testing.Consume;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Bad input of the issue: undecodable records, future schemas, bad query parameters, missing tokens. */
@ExtendWith(OutputCaptureExtension.class)
class ProjectionBadInputIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static RunningAuditor auditor;
    private static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        auditor = RunningAuditor.start(Files.createTempDirectory("audit-bad-input"));
        api = auditor.api();
    }

    @AfterAll
    static void stop() {
        if (auditor != null) {
            auditor.close();
        }
    }

    @Test
    void undecodableRecordGoesToTheDlqAndTheProjectionGoesOn() throws Exception {
        String badKey = "bad-" + SUFFIX;
        TestKafka.sendRaw(TopicCatalogue.APPLIES.name(), badKey, new byte[] {0, 0x7f, -1, -1, -1, 1, 2, 3});
        TestKafka.sendRaw(TopicCatalogue.APPLIES.name(), badKey, "not avro at all".getBytes(StandardCharsets.UTF_8));
        String after = "after-" + SUFFIX;
        TestKafka.events().send(TopicCatalogue.APPLIES.name(), after, completed(after, "abc1234")).get();

        await("the event after the bad records is projected").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/v1/clusters/" + after + "/state").body().path("commitSha")
                        .asString("").equals("abc1234"));
        List<DeadLetter> letters = Consume.all(TopicCatalogue.DLQ).stream().map(DeadLetter.class::cast)
                .filter(l -> l.getKey() != null && badKey.equals(StandardCharsets.UTF_8.decode(l.getKey().duplicate())
                        .toString()) && l.getConsumer().equals("drift-auditor/audit-projection")).toList();
        assertThat(letters).hasSize(2);
        assertThat(letters.get(0).getSourceTopic()).isEqualTo(TopicCatalogue.APPLIES.name());
        assertThat(letters.get(0).getReason()).contains("shiplog.applies");
        assertThat(api.get("/api/v1/store/status").body().path("deadLettered").asLong()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aCommitPublishedAgainWithTheSameEventIdIsCountedOnce() throws Exception {
        String name = "twice-" + SUFFIX;
        ObjectRef object = Events.object("apps", "Deployment", "shop", name);
        Meta meta = Envelopes.meta(UUID.randomUUID().toString(), Instant.now(), UUID.randomUUID().toString(), null);
        CommitEvent commit = Events.committed(meta, "ab12" + SUFFIX + "cd34", Instant.now(), List.of(Events.change(
                "apps/" + name + ".yaml", object, "registry.test/" + name, "registry.test/" + name + ":1.0.0", "1.0.1",
                "sha256:" + "1".repeat(64))), List.of());
        EventSink events = TestKafka.events();
        events.send(TopicCatalogue.COMMITS.name(), Events.CONFIG_REPO + "#main", commit).get(30, TimeUnit.SECONDS);
        events.send(TopicCatalogue.COMMITS.name(), Events.CONFIG_REPO + "#main", commit).get(30, TimeUnit.SECONDS);
        String later = "ef56" + SUFFIX + "ab78";
        events.send(TopicCatalogue.COMMITS.name(), Events.CONFIG_REPO + "#main", Events.committed(Envelopes.meta(
                Instant.now()), later, Instant.now(), List.of(Events.change("apps/" + name + ".yaml", object,
                "registry.test/" + name, "registry.test/" + name + ":1.0.1", "1.0.2", "sha256:" + "2".repeat(64))),
                List.of())).get(30, TimeUnit.SECONDS);

        await("both commits are projected").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/v1/objects/changes", "kind", "Deployment", "namespace", "shop", "name",
                        name).body().path("items").size() >= 2);
        List<String> shas = new ArrayList<>();
        api.get("/api/v1/objects/changes", "kind", "Deployment", "namespace", "shop", "name", name).body()
                .path("items").forEach(item -> shas.add(item.path("sha").asString()));
        assertThat(shas).containsExactly(later, "ab12" + SUFFIX + "cd34");
    }

    @Test
    void eventOfAFutureSchemaVersionIsProjectedAndItsUnknownFieldsCounted() throws Exception {
        String cluster = "future-" + SUFFIX;
        ApplyEvent event = completed(cluster, "fedcba9876");
        Schema future = withExtraField(ApplyEvent.getClassSchema(), "rolloutWave");
        GenericRecord record = asGeneric(event, future);
        record.put("rolloutWave", "wave-2");
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                "schema.registry.url", SchemaRegistry.shared().url(),
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", ShiplogAvroSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(TopicCatalogue.APPLIES.name(), cluster, record)).get();
        }
        await("the future event is projected").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/v1/clusters/" + cluster + "/state").body().path("commitSha")
                        .asString("").equals("fedcba9876"));
        assertThat(api.get("/api/v1/store/status").body().path("futureFieldsIgnored").asLong())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void queriesWithoutAValidTokenAreUnauthorized() {
        assertThat(api.getWithToken(null, "/api/v1/trace", "ref", "x").status()).isEqualTo(401);
        Response wrong = api.getWithToken("wrong-token-0123456789", "/api/v1/trace", "ref", "x");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body().path("message").asString()).isEqualTo("the bearer token is not valid");
    }

    @Test
    void unknownClustersAndImagesAreNotFoundWithAMessage() {
        Response cluster = api.get("/api/v1/clusters/nowhere-" + SUFFIX + "/state");
        assertThat(cluster.status()).isEqualTo(404);
        assertThat(cluster.body().path("message").asString())
                .isEqualTo("cluster 'nowhere-" + SUFFIX + "' is not in the release log");
        Response image = api.get("/api/v1/images/locations", "repository", "ghcr.io/nobody/" + SUFFIX);
        assertThat(image.status()).isEqualTo(404);
        assertThat(image.body().path("message").asString()).contains("ghcr.io/nobody/" + SUFFIX);
        assertThat(api.get("/api/v1/trace", "ref", "no-such-tag-" + SUFFIX).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/objects/changes", "kind", "Deployment", "name", "ghost-" + SUFFIX).status())
                .isEqualTo(404);
    }

    @Test
    void invalidTimesAndHugePagesAreBadRequestsNamingTheParameter() {
        Response at = api.get("/api/v1/clusters/any/state", "at", "yesterday-ish");
        assertThat(at.status()).isEqualTo(400);
        assertThat(at.body().path("message").asString()).startsWith("parameter 'at' is not a time: 'yesterday-ish'");
        Response reversed = api.get("/api/v1/clusters/any/history", "from", "2026-11-05", "to", "2026-11-01");
        assertThat(reversed.status()).isEqualTo(400);
        assertThat(api.get("/api/v1/clusters/any/history", "size", "100000").status()).isEqualTo(400);
        Response range = api.get("/api/v1/dora", "from", "2020-01-01", "to", "2026-01-01");
        assertThat(range.status()).isEqualTo(400);
        assertThat(range.body().path("message").asString()).contains("longer than 400 days");
    }

    @Test
    void sqlLookingInputIsOnlyAValue() {
        Response injected = api.get("/api/v1/clusters/" + ApiClient.segment("x' OR '1'='1") + "/state");
        assertThat(injected.status()).isEqualTo(404);
        Response trace = api.get("/api/v1/trace", "ref", "1.0'; DROP TABLE applies; --");
        assertThat(trace.status()).isEqualTo(404);
        assertThat(api.get("/api/v1/store/status").status()).isEqualTo(200);
        Response changes = api.get("/api/v1/objects/changes", "kind", "Deployment' --", "name", "%");
        assertThat(changes.status()).isEqualTo(404);
    }

    @Test
    void theApiTokenNeverAppearsInTheLog(CapturedOutput output) {
        api.getWithToken("wrong-token-0123456789", "/api/v1/trace", "ref", "x");
        api.get("/api/v1/trace", "ref", "no-such-" + SUFFIX);
        // the projection logs its start on its own thread, possibly after the first test ran
        await().atMost(Duration.ofSeconds(30)).until(() -> output.getAll().contains("audit projection follows"));
        assertThat(output.getAll()).doesNotContain(RunningAuditor.TOKEN);
    }

    private static ApplyEvent completed(String cluster, String sha) {
        return Events.completed(Envelopes.meta(Instant.parse("2026-11-10T10:00:00Z")), cluster, sha,
                ApplyStatus.SUCCEEDED, List.of(Events.result(Events.object("apps", "Deployment", "default", "api"),
                        ObjectAction.CREATED, Health.HEALTHY, "api.yaml", "ghcr.io/acme/api:2.0")));
    }

    private static Schema withExtraField(Schema schema, String field) {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode root = (ObjectNode) json.readTree(schema.toString());
        ObjectNode extra = json.createObjectNode();
        extra.put("name", field);
        extra.put("type", "string");
        extra.put("default", "");
        ((ArrayNode) root.get("fields")).add(extra);
        return new Schema.Parser().parse(root.toString());
    }

    private static GenericRecord asGeneric(ApplyEvent event, Schema target) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<ApplyEvent>(ApplyEvent.getClassSchema()).write(event, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(ApplyEvent.getClassSchema(), target, GenericData.get())
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }
}
