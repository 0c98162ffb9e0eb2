package io.shiplog.dev.deploy;

import static org.awaitility.Awaitility.await;

import io.shiplog.fleet.Fleet;
import io.shiplog.fleet.read.FleetFile;
import io.shiplog.fleet.spring.FleetPropertySources;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.schemas.kafka.ConsumerConfigs;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicProvisioner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * Kafka clients of one service's principal, configured the way a service is: a fleet file whose {@code kafka} section
 * names the credentials by {@code ${file:}} reference (each pod mounts its own), turned into {@code spring.kafka.*}
 * properties, bound to Spring Boot's {@link KafkaProperties}, and consumers built by the services' {@link
 * ConsumerConfigs}.
 */
final class ServiceKafkaClients {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String principal;
    private final KafkaProperties kafka;

    private ServiceKafkaClients(String principal, KafkaProperties kafka) {
        this.principal = principal;
        this.kafka = kafka;
    }

    /** Writes {@code dir}/shiplog.yaml and {@code dir}/jaas.conf for {@code user} and reads them back. */
    static ServiceKafkaClients of(Path dir, String bootstrapServers, String user, String password) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("jaas.conf"), (String) KafkaBroker.ScramSecurity
                .clientProperties(user, password).get("sasl.jaas.config") + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("shiplog.yaml"), """
                apiVersion: shiplog.io/v1alpha1
                kind: Fleet
                kafka:
                  bootstrapServers: %s
                  properties:
                    security.protocol: SASL_PLAINTEXT
                    sasl.mechanism: SCRAM-SHA-512
                    sasl.jaas.config: ${file:jaas.conf}
                """.formatted(bootstrapServers), StandardCharsets.UTF_8);
        Fleet fleet = FleetFile.load(dir.resolve("shiplog.yaml")).orThrow();
        Map<String, Object> spring = new LinkedHashMap<>(FleetPropertySources.plain(fleet));
        spring.putAll(FleetPropertySources.secrets(fleet));
        KafkaProperties kafka = new Binder(new MapConfigurationPropertySource(spring))
                .bind("spring.kafka", KafkaProperties.class).get();
        return new ServiceKafkaClients(user, kafka);
    }

    String principal() {
        return principal;
    }

    /** Publishes one record to {@code topic} and waits for the broker's answer. */
    RecordMetadata publish(String topic) throws InterruptedException, ExecutionException {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, principal.getBytes(StandardCharsets.UTF_8),
                    new byte[] {0})).get();
        }
    }

    /** Joins {@code group} on {@code topics}, reads until a record of each topic arrived and commits the position. */
    Set<String> readWithGroup(String group, List<String> topics) {
        Set<String> seen = new HashSet<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(ConsumerConfigs.of(kafka.buildConsumerProperties(),
                group, principal + "-" + group, Map.of()))) {
            consumer.subscribe(topics);
            await(principal + " reading " + topics + " as group " + group).atMost(WAIT).pollInSameThread()
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.topic()));
                        return seen.containsAll(topics);
                    });
            consumer.commitSync();
        }
        return seen;
    }

    /** Reads {@code topic} from its start without a group, as the services' history readers do; its first record. */
    ConsumerRecord<byte[], byte[]> readAssigned(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(ConsumerConfigs.of(kafka.buildConsumerProperties(),
                null, principal + "-reader", Map.of()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, WAIT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await(principal + " reading " + topic).atMost(WAIT).pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(1)).until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                        return !records.isEmpty();
                    });
        }
        return records.get(0);
    }

    /** Polls {@code topics} as {@code group} for a minute and returns what it read; a refusal is thrown by poll. */
    List<ConsumerRecord<byte[], byte[]>> pollWithGroupUntilRefused(String group, List<String> topics) {
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(ConsumerConfigs.of(kafka.buildConsumerProperties(),
                group, principal + "-" + group, Map.of()))) {
            consumer.subscribe(topics);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }

    /** The services' start-up check of every topic of the catalogue, creating none. */
    TopicProvisioner.ProvisioningReport checkTopics(boolean createMissing) {
        try (Admin admin = Admin.create(kafka.buildAdminProperties())) {
            return new TopicProvisioner(admin, Optional.empty(), Duration.ofSeconds(30))
                    .provision(TopicCatalogue.all(), createMissing);
        }
    }
}
