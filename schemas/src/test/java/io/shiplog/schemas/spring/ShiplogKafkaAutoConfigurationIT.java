package io.shiplog.schemas.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.events.DeadLetter;
import io.shiplog.schemas.testing.Consume;
import io.shiplog.schemas.event.DeadLetterPublisher;
import io.shiplog.schemas.serde.ShiplogAvroDeserializer;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

/**
 * Runs on a dedicated broker: these tests create and break the real {@code shiplog.*} topic names, which must not
 * leak into other tests sharing the JVM-wide broker.
 */
class ShiplogKafkaAutoConfigurationIT {

    private static ApplicationContextRunner runner(KafkaBroker kafka) {
        return bareRunner(kafka).withPropertyValues("spring.kafka.properties.schema.registry.url=http://127.0.0.1:1");
    }

    private static ApplicationContextRunner bareRunner(KafkaBroker kafka) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class, KafkaAutoConfiguration.class,
                        ShiplogKafkaAutoConfiguration.class))
                .withPropertyValues(ShiplogDefaults.DEFAULTS.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new))
                .withPropertyValues("spring.kafka.bootstrap-servers=" + kafka.bootstrapServers());
    }

    @Test
    void serviceStartCreatesTheReleaseLogTopicsAndReportsKafkaAndRegistryHealthy() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start(); SchemaRegistry registry = SchemaRegistry.start(kafka)) {
            bareRunner(kafka).withPropertyValues("shiplog.topics.partitions=2", "spring.application.name=shiplog-it",
                    "spring.kafka.properties.schema.registry.url=" + registry.url()).run(context -> {
                assertThat(context).hasNotFailed();
                Health kafkaHealth = context.getBean(KafkaHealthIndicator.class).health(true);
                assertThat(kafkaHealth.getStatus()).isEqualTo(Status.UP);
                assertThat(kafkaHealth.getDetails()).containsEntry("brokers", 1);
                Health registryHealth = context.getBean(SchemaRegistryHealthIndicator.class).health(true);
                assertThat(registryHealth.getStatus()).isEqualTo(Status.UP);
                assertThat(registryHealth.getDetails()).containsEntry("compatibility", "BACKWARD");
                deadLettersReachTheDlqAsAvro(context.getBean(DeadLetterPublisher.class), kafka, registry);
            });
            registryDown(kafka);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).contains("shiplog.images", "shiplog.watchlist",
                        "shiplog.commits", "shiplog.applies", "shiplog.drift", "shiplog.commands", "shiplog.dlq");
            }
        }
    }

    private static void deadLettersReachTheDlqAsAvro(DeadLetterPublisher publisher, KafkaBroker kafka,
                                                     SchemaRegistry registry) throws Exception {
        ConsumerRecord<byte[], byte[]> poison = new ConsumerRecord<>("shiplog.images", 1, 7L,
                "ghcr.io/acme/app".getBytes(StandardCharsets.UTF_8), new byte[] {9, 9, 9});
        publisher.publish(poison, new IllegalArgumentException("unknown magic byte 0x09")).get(30, TimeUnit.SECONDS);

        ShiplogAvroDeserializer values = new ShiplogAvroDeserializer();
        values.configure(Map.of("schema.registry.url", registry.url(), "specific.avro.reader", true), false);
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "dlq-check", "auto.offset.reset", "earliest"), new StringDeserializer(), values)) {
            consumer.subscribe(List.of("shiplog.dlq"));
            List<ConsumerRecord<String, Object>> letters = Consume.until(consumer, "a dead letter",
                    Duration.ofSeconds(30), received -> !received.isEmpty());
            assertThat(letters).singleElement().satisfies(letter -> {
                assertThat(letter.key()).isEqualTo("ghcr.io/acme/app");
                DeadLetter value = (DeadLetter) letter.value();
                assertThat(value.getSourceOffset()).isEqualTo(7L);
                assertThat(value.getReason()).isEqualTo("unknown magic byte 0x09");
                assertThat(value.getMeta().getProducer()).startsWith("shiplog-it/");
            });
        }
    }

    private static void registryDown(KafkaBroker kafka) {
        runner(kafka).withPropertyValues("shiplog.topics.provision=off").run(context -> {
            Health health = context.getBean(SchemaRegistryHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void serviceRefusesToStartWithoutASchemaRegistryUrl() {
        bareRunner(KafkaBroker.shared()).withPropertyValues("shiplog.topics.provision=off").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("spring.kafka.properties.schema.registry.url is not set"));
    }

    @Test
    void serviceRefusesToStartOnATopicThatWouldLoseHistory() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("shiplog.applies", 6, (short) 1)
                    .configs(Map.of("retention.ms", "86400000")))).all().get();

            runner(kafka).run(context -> assertThat(context).hasFailed()
                    .getFailure().rootCause()
                    .hasMessageContaining("topic shiplog.applies has retention.ms=86400000, Shiplog needs -1"));
        }
    }

    @Test
    void verifyOnlyModeRefusesMissingTopicsWithoutCreatingThem() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start()) {
            runner(kafka).withPropertyValues("shiplog.topics.provision=verify").run(context ->
                    assertThat(context).hasFailed().getFailure().rootCause()
                            .hasMessageContaining("topic shiplog.images does not exist and topic creation is off"));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).noneMatch(name -> name.startsWith("shiplog."));
            }
        }
    }

    @Test
    void invalidPartitionCountFailsStartupNamingTheProperty() {
        runner(KafkaBroker.shared()).withPropertyValues("shiplog.topics.partitions=0",
                        "shiplog.topics.provision=off", "spring.application.name=" + UUID.randomUUID())
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("shiplog.topics.partitions"));
    }
}
