package io.shiplog.schemas.spring;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults every Shiplog service shares, at the lowest precedence so any configuration overrides them: idempotent
 * producers with {@code acks=all} writing Avro in the Confluent wire format, read-committed consumers that commit
 * explicitly and receive raw bytes (decoded per record with {@code AvroRecordDecoder}, so an undecodable record
 * goes to the DLQ instead of stopping a partition), and the actuator endpoints (health with probes, Prometheus). The
 * readiness probe includes the Kafka followers: an instance whose follower restarts after a failure is not ready.
 */
public final class ShiplogDefaults implements EnvironmentPostProcessor {

    static final Map<String, Object> DEFAULTS = Map.ofEntries(
            Map.entry("spring.kafka.producer.acks", "all"),
            Map.entry("spring.kafka.producer.key-serializer", "org.apache.kafka.common.serialization.StringSerializer"),
            Map.entry("spring.kafka.producer.value-serializer", "io.shiplog.schemas.serde.ShiplogAvroSerializer"),
            Map.entry("spring.kafka.consumer.key-deserializer",
                    "org.apache.kafka.common.serialization.StringDeserializer"),
            Map.entry("spring.kafka.consumer.value-deserializer",
                    "org.apache.kafka.common.serialization.ByteArrayDeserializer"),
            Map.entry("spring.kafka.producer.properties.enable.idempotence", "true"),
            Map.entry("spring.kafka.consumer.isolation-level", "read-committed"),
            Map.entry("spring.kafka.consumer.enable-auto-commit", "false"),
            Map.entry("spring.kafka.consumer.auto-offset-reset", "earliest"),
            Map.entry("management.endpoints.web.exposure.include", "health,info,prometheus"),
            Map.entry("management.endpoint.health.probes.enabled", "true"),
            Map.entry("management.endpoint.health.group.readiness.include", "readinessState,kafkaFollowers"),
            Map.entry("management.endpoint.health.show-components", "always"),
            Map.entry("management.endpoint.health.show-details", "always"),
            // every metric names its service, whatever the scrape configuration (the dashboards group by it)
            Map.entry("management.metrics.tags.application", "${spring.application.name}"),
            // every release is traced whole (a release is a handful of spans); OTLP export only when
            // management.opentelemetry.tracing.export.otlp.endpoint is set
            Map.entry("management.tracing.sampling.probability", "1.0"));

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("shiplogDefaults", DEFAULTS));
    }
}
