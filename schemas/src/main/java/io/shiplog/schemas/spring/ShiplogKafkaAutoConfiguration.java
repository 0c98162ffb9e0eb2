package io.shiplog.schemas.spring;

import io.shiplog.schemas.event.DeadLetterPublisher;
import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.kafka.FollowerHealth;
import io.shiplog.schemas.kafka.KafkaEdge;
import io.shiplog.schemas.registry.HttpSchemaRegistryClient;
import io.shiplog.schemas.registry.SchemaRegistryClient;
import io.shiplog.schemas.tracing.ReleaseTraces;
import io.shiplog.schemas.tracing.ReleaseTracing;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * What every Shiplog service gets on the Kafka side: topic provisioning at start-up, the schema registry client, the
 * event meta factory, an {@link EventSink} and the DLQ publisher on Boot's KafkaTemplate, the {@link KafkaEdge} its
 * followers and history readers come from, and Kafka, registry and follower health checks.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaProperties.class)
@EnableConfigurationProperties({ShiplogTopicsProperties.class, KafkaProperties.class})
public class ShiplogKafkaAutoConfiguration {

    private static final String REGISTRY_URL = "schema.registry.url";

    @Bean
    @ConditionalOnMissingBean
    TopicProvisioningOnStartup topicProvisioningOnStartup(KafkaProperties kafka, ShiplogTopicsProperties topics) {
        return new TopicProvisioningOnStartup(kafka.buildAdminProperties(), topics);
    }

    /**
     * The registry client the service's serdes share. Configured from {@code spring.kafka.properties.*} with
     * Confluent's keys ({@code schema.registry.url}, {@code basic.auth.user.info}, …); start-up fails when the
     * registry URL is missing.
     */
    @Bean
    @ConditionalOnMissingBean
    SchemaRegistryClient schemaRegistryClient(KafkaProperties kafka) {
        Map<String, String> properties = kafka.getProperties();
        String url = properties.get(REGISTRY_URL);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("spring.kafka.properties." + REGISTRY_URL + " is not set: Shiplog's "
                    + "events are Avro in the Confluent wire format and need a schema registry");
        }
        return HttpSchemaRegistryClient.fromConfigs(properties);
    }

    @Bean(name = "schemaRegistryHealthIndicator")
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnMissingBean(name = "schemaRegistryHealthIndicator")
    SchemaRegistryHealthIndicator schemaRegistryHealthIndicator(SchemaRegistryClient client) {
        return new SchemaRegistryHealthIndicator(client);
    }

    /** Meta of the events this service writes; the producer is {@code <spring.application.name>/<host>}. */
    @Bean
    @ConditionalOnMissingBean
    MetaFactory metaFactory(Environment environment) {
        return new MetaFactory(environment.getProperty("spring.application.name", "shiplog") + "/" + hostName());
    }

    /** Events go out through Boot's {@link KafkaTemplate}, whose value serializer writes Confluent-framed Avro. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(KafkaTemplate.class)
    @SuppressWarnings("unchecked")
    EventSink eventSink(KafkaTemplate<?, ?> template, ObjectProvider<ReleaseTracing> tracing) {
        KafkaTemplate<String, Object> events = (KafkaTemplate<String, Object>) template;
        ReleaseTracing traces = tracing.getIfAvailable(() -> ReleaseTracing.NONE);
        return (topic, key, value) -> {
            ProducerRecord<String, Object> record = new ProducerRecord<>(topic, key, value);
            traces.sending(topic, key, value, record.headers());
            return events.send(record).thenApply(SendResult::getRecordMetadata);
        };
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(EventSink.class)
    DeadLetterPublisher deadLetterPublisher(EventSink sink, MetaFactory meta, Environment environment,
                                            FollowerHealth health) {
        String service = environment.getProperty("spring.application.name", "shiplog");
        String group = environment.getProperty("spring.kafka.consumer.group-id", service);
        String consumer = service + "/" + group;
        health.deadLetterPath(consumer);
        return new DeadLetterPublisher(sink, meta, consumer, health::deadLettered);
    }

    /** The state of every follower of this service (the {@code kafkaFollowers} health indicator reads it). */
    @Bean
    @ConditionalOnMissingBean
    FollowerHealth followerHealth() {
        return new FollowerHealth();
    }

    /**
     * The service's Kafka edge: consumers built from {@code spring.kafka.consumer.*} in one place, the Avro decoder on
     * the shared registry client, dead-letter publishers on the {@link EventSink} (when there is one).
     */
    @Bean
    @ConditionalOnMissingBean
    KafkaEdge kafkaEdge(KafkaProperties kafka, SchemaRegistryClient registry, ObjectProvider<EventSink> sink,
                        MetaFactory meta, FollowerHealth health, ObjectProvider<ReleaseTracing> tracing) {
        EventSink events = sink.getIfAvailable();
        return new KafkaEdge(kafka.buildConsumerProperties(), KafkaEdge.specificDecoder(registry),
                events == null ? null : consumer -> {
                    health.deadLetterPath(consumer);
                    return new DeadLetterPublisher(events, meta, consumer, health::deadLettered);
                }, health, tracing.getIfAvailable(() -> ReleaseTracing.NONE));
    }

    /** One release, one trace: where the service has Micrometer Tracing (a Tracer and a Propagator). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.tracing.Tracer")
    static class ReleaseTracingConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ReleaseTracing releaseTracing(ObjectProvider<io.micrometer.tracing.Tracer> tracer,
                                      ObjectProvider<io.micrometer.tracing.propagation.Propagator> propagator) {
            io.micrometer.tracing.Tracer t = tracer.getIfAvailable();
            io.micrometer.tracing.propagation.Propagator p = propagator.getIfAvailable();
            return t == null || p == null ? ReleaseTracing.NONE : new ReleaseTraces(t, p);
        }
    }

    /** The followers' lag and dead letters as meters, where the service has Micrometer. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class FollowerMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        FollowerMetrics followerMetrics(FollowerHealth health) {
            return new FollowerMetrics(health);
        }
    }

    @Bean(name = "kafkaFollowersHealthIndicator")
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnMissingBean(name = "kafkaFollowersHealthIndicator")
    KafkaFollowersHealthIndicator kafkaFollowersHealthIndicator(FollowerHealth health) {
        return new KafkaFollowersHealthIndicator(health);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    @Bean(name = "kafkaHealthIndicator")
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaProperties kafka) {
        return new KafkaHealthIndicator(kafka.buildAdminProperties(), Duration.ofSeconds(3));
    }
}
