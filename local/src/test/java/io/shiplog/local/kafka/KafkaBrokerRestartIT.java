package io.shiplog.local.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerRestartIT {

    private static final String TOPIC = "testkit.restart";

    @Test
    void keepsTopicsRecordsAndCommittedOffsetsAcrossTwoRestartsOnTheSamePort() throws Exception {
        try (RestartableKafkaBroker kafka = KafkaBroker.startEmbedded(KafkaBroker.EmbeddedOptions.ephemeral())) {
            String bootstrap = kafka.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
            }
            produce(bootstrap, 0, 20);
            List<String> first = consume(bootstrap, 10);

            kafka.stop();
            assertThat(kafka.isRunning()).isFalse();
            kafka.start();
            assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
            produce(bootstrap, 20, 30);

            kafka.stop();
            kafka.start();
            assertThat(kafka.isRunning()).isTrue();
            List<String> rest = consume(bootstrap, 20);

            List<String> all = new ArrayList<>(first);
            all.addAll(rest);
            assertThat(all).containsExactlyInAnyOrderElementsOf(
                    IntStream.range(0, 30).mapToObj(i -> "value-" + i).toList());
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                assertThat(admin.describeTopics(Set.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions())
                        .hasSize(3);
            }
        }
    }

    private static void produce(String bootstrap, int from, int to) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "key-" + i, "value-" + i)).get();
            }
        }
    }

    /** Reads {@code count} records with the group {@code restart}, committing each batch read. */
    private static List<String> consume(String bootstrap, int count) {
        List<String> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "restart",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(TOPIC));
            await(count + " records").atMost(Duration.ofSeconds(60)).pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(1)).until(() -> {
                        for (var record : consumer.poll(Duration.ofMillis(200))) {
                            received.add(record.value());
                            consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                                    new OffsetAndMetadata(record.offset() + 1)));
                            if (received.size() == count) {
                                return true;
                            }
                        }
                        return received.size() >= count;
                    });
        }
        return received;
    }
}
