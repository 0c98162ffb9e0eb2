package io.shiplog.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.shiplog.events.ImageEvent;
import io.shiplog.schemas.testing.Consume;
import io.shiplog.schemas.testing.SampleEvents;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.junit.KafkaBrokerExtension;
import io.shiplog.local.oci.ContainerRegistry;
import io.shiplog.local.oci.RegistryOptions;
import io.shiplog.local.schemaregistry.EmbeddedSchemaRegistry;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import io.shiplog.local.junit.SchemaRegistryExtension;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Poison records on a real broker: each fails with a message naming where it is, and consumption goes on. */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
class SerdeBadInputIT {

    private String topic;
    private byte[] valid;

    @BeforeEach
    void writePoisonBetweenGoodRecords(KafkaBroker kafka, SchemaRegistry registry) throws Exception {
        topic = "it.poison." + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        ImageEvent event = (ImageEvent) SampleEvents.all().stream()
                .filter(e -> e.topic().equals("shiplog.images")).findFirst().orElseThrow().value();
        ShiplogAvroSerializer serializer = new ShiplogAvroSerializer();
        serializer.configure(Map.of("schema.registry.url", registry.url()), false);
        valid = serializer.serialize(topic, event);
        byte[] wrongMagic = valid.clone();
        wrongMagic[0] = 0x7b;
        byte[] unknownId = valid.clone();
        ByteBuffer.wrap(unknownId).putInt(1, 987_654);
        byte[] truncated = Arrays.copyOf(valid, valid.length / 2);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (byte[] value : List.of(valid, wrongMagic, unknownId, truncated, new byte[] {0, 0}, valid)) {
                producer.send(new ProducerRecord<>(topic, "ghcr.io/acme/app", value)).get();
            }
        }
    }

    @Test
    void kafkaConsumerNamesPartitionOffsetTopicAndCauseThenMovesOnWhenSeekedPast(KafkaBroker kafka,
                                                                                SchemaRegistry registry) {
        ShiplogAvroDeserializer values = new ShiplogAvroDeserializer();
        values.configure(Map.of("schema.registry.url", registry.url(), "specific.avro.reader", true), false);
        List<Object> decoded = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumerConfig(kafka), new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            await("2 decoded records").atMost(Duration.ofSeconds(60)).pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(1)).until(() -> {
                        try {
                            consumer.poll(Duration.ofMillis(200)).forEach(r -> decoded.add(r.value()));
                        } catch (RecordDeserializationException e) {
                            failures.add(e.getMessage() + " / " + e.getCause().getMessage());
                            consumer.seek(e.topicPartition(), e.offset() + 1);
                        }
                        return decoded.size() >= 2;
                    });
        }

        assertThat(decoded).hasSize(2).allMatch(ImageEvent.class::isInstance);
        assertThat(failures).hasSize(4);
        assertThat(failures.get(0)).contains("partition " + topic + "-0 at offset 1").contains(topic)
                .contains("magic byte 0x7b");
        assertThat(failures.get(1)).contains("offset 2").contains(topic).contains("987654")
                .contains(registry.url());
        assertThat(failures.get(2)).contains("offset 3").contains(topic);
        assertThat(failures.get(3)).contains("offset 4").contains(topic);
    }

    @Test
    void recordDecoderNamesTopicPartitionAndOffsetOfEveryPoisonRecord(KafkaBroker kafka, SchemaRegistry registry) {
        ShiplogAvroDeserializer values = new ShiplogAvroDeserializer();
        values.configure(Map.of("schema.registry.url", registry.url(), "specific.avro.reader", true), false);
        AvroRecordDecoder decoder = new AvroRecordDecoder(values);
        List<ConsumerRecord<byte[], byte[]>> records;
        try (var consumer = new KafkaConsumer<>(consumerConfig(kafka), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            records = Consume.until(consumer, "6 records", Duration.ofSeconds(60), received -> received.size() >= 6);
        }

        assertThat(decoder.decode(records.get(0), ImageEvent.class)).isNotNull();
        for (int offset = 1; offset <= 4; offset++) {
            ConsumerRecord<byte[], byte[]> poison = records.get(offset);
            RecordDecodeException e = catchThrowableOfType(RecordDecodeException.class, () -> decoder.decode(poison));
            assertThat(e).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("topic " + topic + " partition 0 offset " + offset);
            assertThat(e.offset()).isEqualTo(offset);
        }
        assertThat(decoder.decode(records.get(5))).isInstanceOf(ImageEvent.class);
    }

    @Test
    void registryThatIsDownFailsTheRecordInsteadOfHanging(KafkaBroker kafka) {
        SchemaRegistry gone = SchemaRegistry.start(kafka);
        String url = gone.url();
        gone.close();
        ShiplogAvroDeserializer values = new ShiplogAvroDeserializer();
        values.configure(Map.of("schema.registry.url", url), false);

        assertThatThrownBy(() -> values.deserialize(topic, valid))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(topic)
                .hasMessageContaining(url.replace("http://", ""));
    }

    @Test
    void registryAnswering5xxBecauseItsKafkaIsGoneFailsTheRecordWithConfluentsErrorCode() {
        try (KafkaBroker ownKafka = KafkaBroker.start();
             EmbeddedSchemaRegistry orphan = EmbeddedSchemaRegistry.builder(ownKafka.bootstrapServers())
                     .timeout(Duration.ofSeconds(2)).start()) {
            ownKafka.close();
            ShiplogAvroDeserializer values = new ShiplogAvroDeserializer();
            values.configure(Map.of("schema.registry.url", orphan.url(), "max.retries", 1), false);

            assertThatThrownBy(() -> values.deserialize(topic, valid))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining(topic)
                    .hasMessageContaining("5000");
        }
    }

    @Test
    void registryUrlPointingAtAnotherServiceGivesAClearErrorInsteadOfGarbage() {
        try (ContainerRegistry notARegistry = ContainerRegistry.start(RegistryOptions.defaults().withoutAuth())) {
            ShiplogAvroDeserializer values = new ShiplogAvroDeserializer();
            values.configure(Map.of("schema.registry.url", notARegistry.url().toString()), false);

            assertThatThrownBy(() -> values.deserialize(topic, valid))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining(topic)
                    .hasMessageContaining(notARegistry.host());
        }
    }

    private static Map<String, Object> consumerConfig(KafkaBroker kafka) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "poison-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    }
}
