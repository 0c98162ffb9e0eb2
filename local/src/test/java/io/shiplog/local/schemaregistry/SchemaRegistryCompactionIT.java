package io.shiplog.local.schemaregistry;

import static io.shiplog.local.schemaregistry.AvroRecords.INT;
import static io.shiplog.local.schemaregistry.AvroRecords.STRING;
import static io.shiplog.local.schemaregistry.AvroRecords.field;
import static io.shiplog.local.schemaregistry.AvroRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.junit.KafkaBrokerExtension;
import io.shiplog.local.schemaregistry.LogRecord.Registered;
import io.shiplog.local.schemaregistry.LogRecord.VersionDeleted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The broker really compacts the registry's topic, and a fresh instance still reads the same state from it. */
@ExtendWith(KafkaBrokerExtension.class)
class SchemaRegistryCompactionIT {

    private static final String SUBJECT = "orders-value";

    @Test
    void compactionDoesNotChangeWhatAFreshInstanceReads(KafkaBroker kafka) throws Exception {
        String topic = "_schemas-compaction-" + UUID.randomUUID();
        createQuicklyCompactedTopic(kafka, topic);
        try (EmbeddedSchemaRegistry a = EmbeddedSchemaRegistry.builder(kafka.bootstrapServers()).topic(topic).start()) {
            RegistryClient onA = new RegistryClient(a.url());
            onA.register(SUBJECT, record("Order", field("id", STRING)));
            onA.register(SUBJECT, record("Order", field("id", STRING), field("qty", INT, "1")));
            onA.register("payments-value", record("Payment", field("id", STRING)));
            onA.setCompatibility("/config/" + SUBJECT, "NONE");
            onA.setCompatibility("/config/" + SUBJECT, "FULL");
            onA.setCompatibility("/config/payments-value", "NONE");
            onA.delete("/config/payments-value");
            onA.delete("/subjects/" + SUBJECT + "/versions/1");
            onA.delete("/subjects/" + SUBJECT + "/versions/1?permanent=true");
            // what a slower instance could still write: a claim that lost the race, and a late duplicate soft delete
            long end = endOffset(kafka, topic);
            write(kafka, topic, new Registered(SUBJECT, 3, 99, new SchemaDefinition("\"string\"", List.of()),
                    end - 5, UUID.randomUUID().toString()));
            write(kafka, topic, new VersionDeleted(SUBJECT, 1, false));

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                onA.setCompatibility("/config/tick", "NONE"); // a new record rolls the segment so it can be cleaned
                List<String> keys = storedKeys(kafka, topic);
                assertThat(keys).as("superseded records were compacted away").doesNotHaveDuplicates();
                assertThat(keys.indexOf(key(new VersionDeleted(SUBJECT, 1, false))))
                        .as("the only soft delete left now comes after the permanent delete")
                        .isGreaterThan(keys.indexOf(key(new VersionDeleted(SUBJECT, 1, true))));
            });
            String seenByA = snapshot(onA);

            try (EmbeddedSchemaRegistry b = EmbeddedSchemaRegistry.builder(kafka.bootstrapServers()).topic(topic)
                    .start()) {
                RegistryClient onB = new RegistryClient(b.url());
                assertThat(snapshot(onB)).isEqualTo(seenByA);
                assertThat(onB.get("/schemas/ids/99").errorCode()).isEqualTo(40403);
                assertThat(onB.get("/subjects/" + SUBJECT + "/versions?deleted=true").json().toString())
                        .isEqualTo("[2]");
            }
        }
    }

    private static String key(LogRecord record) {
        return LogRecordCodec.encode(record).key();
    }

    private static void createQuicklyCompactedTopic(KafkaBroker kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of(
                    "cleanup.policy", "compact",
                    "segment.ms", "100",
                    "min.cleanable.dirty.ratio", "0.01",
                    "delete.retention.ms", "3600000")))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Everything a client can observe, as one string. */
    private static String snapshot(RegistryClient client) {
        StringBuilder out = new StringBuilder();
        out.append(client.get("/subjects?deleted=true").body());
        for (String subject : List.of(SUBJECT, "payments-value")) {
            out.append(client.get("/subjects/" + subject + "/versions?deleted=true").body());
            for (int version = 1; version <= 3; version++) {
                out.append(client.get("/subjects/" + subject + "/versions/" + version + "?deleted=true").body());
            }
            out.append(client.get("/config/" + subject).body());
        }
        for (int id = 1; id <= 4; id++) {
            out.append(client.get("/schemas/ids/" + id).body()).append(client.get("/schemas/ids/" + id + "/versions")
                    .body());
        }
        return out.append(client.get("/config").body()).toString();
    }

    private static long endOffset(KafkaBroker kafka, String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(kafka)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(partition), Duration.ofSeconds(10)).get(partition);
        }
    }

    private static List<String> storedKeys(KafkaBroker kafka, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(kafka)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(10)).get(partition);
            await("the topic read to its end").atMost(Duration.ofSeconds(10)).pollInSameThread()
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> {
                        if (consumer.position(partition, Duration.ofSeconds(10)) >= end) {
                            return true;
                        }
                        consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
                        return false;
                    });
        }
        return keys.stream().filter(key -> !key.contains("\"tick\"")).toList();
    }

    private static KafkaConsumer<String, String> consumer(KafkaBroker kafka) {
        return new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
    }

    private static void write(KafkaBroker kafka, String topic, LogRecord record) throws Exception {
        LogRecordCodec.Encoded encoded = LogRecordCodec.encode(record);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, encoded.key(), encoded.value())).get(30, TimeUnit.SECONDS);
        }
    }
}
