package io.shiplog.local.schemaregistry;

import static io.shiplog.local.schemaregistry.AvroRecords.STRING;
import static io.shiplog.local.schemaregistry.AvroRecords.field;
import static io.shiplog.local.schemaregistry.AvroRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.junit.KafkaBrokerExtension;
import io.shiplog.local.schemaregistry.RegistryClient.Reply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Several registry instances and restarts on one broker, each test on a topic of its own. */
@ExtendWith(KafkaBrokerExtension.class)
class SchemaRegistryClusterIT {

    private static String uniqueTopic() {
        return "_schemas-cluster-" + UUID.randomUUID();
    }

    private static EmbeddedSchemaRegistry start(KafkaBroker kafka, String topic) {
        return EmbeddedSchemaRegistry.builder(kafka.bootstrapServers()).topic(topic).start();
    }

    private static String schema(int n) {
        return record("Event" + n, field("id", STRING));
    }

    @Test
    void idsAndVersionsSurviveARestartOfTheServer(KafkaBroker kafka) {
        String topic = uniqueTopic();
        int first;
        int second;
        try (EmbeddedSchemaRegistry registry = start(kafka, topic)) {
            RegistryClient client = new RegistryClient(registry.url());
            first = client.register("a-value", schema(1)).id();
            second = client.register("b-value", schema(2)).id();
            client.setCompatibility("/config/a-value", "NONE");
            client.delete("/subjects/b-value");
        }

        try (EmbeddedSchemaRegistry restarted = start(kafka, topic)) {
            RegistryClient client = new RegistryClient(restarted.url());
            assertThat(client.get("/schemas/ids/" + first).json().get("schema").asText()).isEqualTo(schema(1));
            assertThat(client.get("/subjects/a-value/versions/1").json().get("id").asInt()).isEqualTo(first);
            assertThat(client.get("/config/a-value").json().get("compatibilityLevel").asText()).isEqualTo("NONE");
            assertThat(client.get("/subjects").json().toString()).isEqualTo("[\"a-value\"]");
            assertThat(client.register("b-value", schema(2)).id()).isEqualTo(second);
            assertThat(client.register("c-value", schema(3)).id()).isNotIn(first, second);
        }
    }

    @Test
    void aSchemaRegisteredOnOneInstanceIsReadableByIdOnAnotherRightAway(KafkaBroker kafka) {
        String topic = uniqueTopic();
        try (EmbeddedSchemaRegistry a = start(kafka, topic); EmbeddedSchemaRegistry b = start(kafka, topic)) {
            RegistryClient onA = new RegistryClient(a.url());
            RegistryClient onB = new RegistryClient(b.url());
            for (int n = 0; n < 5; n++) {
                int id = onA.register("orders-value", record("Order", field("id", STRING),
                        field("f" + n, STRING, "\"\""))).id();

                Reply fromB = onB.get("/schemas/ids/" + id);

                assertThat(fromB.status()).isEqualTo(200);
                assertThat(onB.get("/subjects/orders-value/versions/latest").json().get("id").asInt()).isEqualTo(id);
            }
            onB.setCompatibility("/config/orders-value", "FULL");
            assertThat(onA.get("/config/orders-value").json().get("compatibilityLevel").asText()).isEqualTo("FULL");
        }
    }

    @Test
    void concurrentRegistrationsOnTwoInstancesNeverShareAnIdAndBothAgree(KafkaBroker kafka) throws Exception {
        String topic = uniqueTopic();
        int registrations = 20;
        try (EmbeddedSchemaRegistry a = start(kafka, topic); EmbeddedSchemaRegistry b = start(kafka, topic)) {
            List<RegistryClient> clients = List.of(new RegistryClient(a.url()), new RegistryClient(b.url()));
            ExecutorService pool = Executors.newFixedThreadPool(registrations + 2);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> ids = new ArrayList<>();
            try {
                for (int n = 0; n < registrations; n++) {
                    RegistryClient client = clients.get(n % 2);
                    String subject = "concurrent-" + n + "-value";
                    String schema = schema(n);
                    ids.add(pool.submit(() -> {
                        go.await();
                        Reply reply = client.register(subject, schema);
                        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                        return reply.id();
                    }));
                }
                // the same schema at the same moment on both instances must end up with one id
                List<Future<Integer>> shared = new ArrayList<>();
                for (RegistryClient client : clients) {
                    shared.add(pool.submit(() -> {
                        go.await();
                        return client.register("shared-" + clients.indexOf(client) + "-value", schema(999)).id();
                    }));
                }
                go.countDown();

                Map<Integer, Integer> idBySchema = new HashMap<>();
                for (int n = 0; n < registrations; n++) {
                    idBySchema.put(n, ids.get(n).get(60, TimeUnit.SECONDS));
                }
                assertThat(new HashSet<>(idBySchema.values())).hasSize(registrations);
                assertThat(shared.get(0).get(60, TimeUnit.SECONDS)).isEqualTo(shared.get(1).get(60, TimeUnit.SECONDS))
                        .isNotIn(idBySchema.values());
                for (RegistryClient client : clients) {
                    idBySchema.forEach((n, id) -> {
                        assertThat(client.get("/schemas/ids/" + id).json().get("schema").asText())
                                .isEqualTo(schema(n));
                        assertThat(client.get("/subjects/concurrent-" + n + "-value/versions/latest").json()
                                .get("id").asInt()).isEqualTo(id);
                    });
                }
            } finally {
                pool.shutdownNow();
            }

            try (EmbeddedSchemaRegistry replayed = start(kafka, topic)) {
                RegistryClient fresh = new RegistryClient(replayed.url());
                for (int n = 0; n < registrations; n++) {
                    assertThat(fresh.get("/subjects/concurrent-" + n + "-value/versions").json().toString())
                            .as("a fresh instance replaying the log sees exactly one version").isEqualTo("[1]");
                    assertThat(fresh.get("/subjects/concurrent-" + n + "-value/versions/1").json().get("id").asInt())
                            .isEqualTo(new RegistryClient(a.url())
                                    .get("/subjects/concurrent-" + n + "-value/versions/1").json().get("id").asInt());
                }
            }
        }
    }

    @Test
    void refusesToStartOnATopicWithSeveralPartitions(KafkaBroker kafka) throws Exception {
        String topic = uniqueTopic();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }

        assertThatThrownBy(() -> start(kafka, topic))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(topic).hasMessageContaining("3 partitions");
    }

    @Test
    void refusesToStartOnATopicThatIsNotCompacted(KafkaBroker kafka) throws Exception {
        String topic = uniqueTopic();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }

        assertThatThrownBy(() -> start(kafka, topic))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(topic).hasMessageContaining("cleanup.policy=delete");
    }
}
