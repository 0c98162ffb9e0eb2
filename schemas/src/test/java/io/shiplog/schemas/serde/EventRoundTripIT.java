package io.shiplog.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.schemas.testing.Consume;
import io.shiplog.schemas.testing.SampleEvents;
import io.shiplog.schemas.testing.SampleEvents.Keyed;
import io.shiplog.schemas.registry.HttpSchemaRegistryClient;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicProvisioner;
import io.shiplog.schemas.topic.TopicSpec;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.junit.KafkaBrokerExtension;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import io.shiplog.local.junit.SchemaRegistryExtension;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
class EventRoundTripIT {

    private final List<Keyed> sent = SampleEvents.all();
    private List<ConsumerRecord<String, byte[]>> raw;

    @BeforeAll
    void produceEveryEventType(KafkaBroker kafka, SchemaRegistry registry) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            new TopicProvisioner(admin, Optional.empty(), Duration.ofSeconds(30)).provision(TopicCatalogue.all());
        }
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                "schema.registry.url", registry.url());
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), serializer(config))) {
            for (Keyed event : sent) {
                producer.send(new ProducerRecord<>(event.topic(), event.key(), event.value())).get();
            }
        }
        raw = consumeAll(kafka, new ByteArrayDeserializer(), Map.of());
    }

    @Test
    void everyEventTypeComesBackEqualAsItsGeneratedClass(KafkaBroker kafka, SchemaRegistry registry) {
        List<ConsumerRecord<String, Object>> received = consumeAll(kafka, new ShiplogAvroDeserializer(),
                Map.of("schema.registry.url", registry.url(), "specific.avro.reader", true));

        assertThat(received).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(sent.stream().map(Keyed::value).toList());
        assertThat(received).allSatisfy(record -> assertThat(record.value()).isInstanceOf(SpecificRecord.class));
        assertThat(received).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrderElementsOf(sent.stream().map(Keyed::key).toList());
    }

    @Test
    void valuesAreConfluentFramedAndRegisteredUnderTopicNameSubjects(SchemaRegistry registry) {
        var client = HttpSchemaRegistryClient.fromConfigs(Map.of("schema.registry.url", registry.url()));
        for (ConsumerRecord<String, byte[]> record : raw) {
            ByteBuffer bytes = ByteBuffer.wrap(record.value());
            assertThat(bytes.get()).as("magic byte of %s", record.topic()).isEqualTo((byte) 0);
            int id = bytes.getInt();
            Schema envelope = TopicCatalogue.byName(record.topic()).map(TopicSpec::valueSchema).orElseThrow();
            assertThat(client.schemaById(id)).isEqualTo(envelope);
            assertThat(client.latest(record.topic() + "-value").id()).isEqualTo(id);
        }
        assertThat(raw.stream().map(ConsumerRecord::topic).collect(Collectors.toSet()))
                .as("every topic of the catalogue carried an event")
                .isEqualTo(TopicCatalogue.all().stream().map(TopicSpec::name).collect(Collectors.toSet()));
    }

    @Test
    void aSecondRegistryOnTheSameBrokerResolvesTheSameIds(KafkaBroker kafka) {
        try (SchemaRegistry second = SchemaRegistry.start(kafka)) {
            List<ConsumerRecord<String, Object>> received = consumeAll(kafka, new ShiplogAvroDeserializer(),
                    Map.of("schema.registry.url", second.url(), "specific.avro.reader", true));

            assertThat(received).extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrderElementsOf(sent.stream().map(Keyed::value).toList());
            var client = HttpSchemaRegistryClient.fromConfigs(Map.of("schema.registry.url", second.url()));
            for (ConsumerRecord<String, byte[]> record : raw) {
                int id = ByteBuffer.wrap(record.value(), 1, 4).getInt();
                assertThat(client.schemaById(id).getFullName()).isEqualTo(
                        TopicCatalogue.byName(record.topic()).orElseThrow().valueSchema().getFullName());
            }
        }
    }

    private static ShiplogAvroSerializer serializer(Map<String, Object> config) {
        ShiplogAvroSerializer serializer = new ShiplogAvroSerializer();
        serializer.configure(config, false);
        return serializer;
    }

    private <V> List<ConsumerRecord<String, V>> consumeAll(KafkaBroker kafka,
            org.apache.kafka.common.serialization.Deserializer<V> values, Map<String, Object> valueConfig) {
        values.configure(valueConfig, false);
        Set<String> topics = sent.stream().map(Keyed::topic).collect(Collectors.toSet());
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "round-trip-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), values)) {
            consumer.subscribe(topics);
            return Consume.until(consumer, sent.size() + " records", Duration.ofSeconds(60),
                    received -> received.size() >= sent.size());
        }
    }
}
