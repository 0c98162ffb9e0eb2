package io.shiplog.auditor;

import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.auditor.config.ProjectionProperties;
import io.shiplog.auditor.project.FutureFieldCounter;
import io.shiplog.auditor.project.Projector;
import io.shiplog.auditor.store.AuditStore;
import io.shiplog.schemas.kafka.KafkaEdge;
import io.shiplog.schemas.registry.SchemaRegistryClient;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The projection of the release log into the audit store. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProjectionProperties.class)
public class ProjectionConfiguration {

    /** The DLQ's {@code consumer} field for records the projection gives up on. */
    static final String CONSUMER = DriftAuditorApplication.SERVICE + "/audit-projection";

    @Bean
    Projector projector(AuditStore store, KafkaEdge edge, SchemaRegistryClient registry,
                        ProjectionProperties properties, MeterRegistry meters, Clock clock) {
        return new Projector(store, edge, CONSUMER, new FutureFieldCounter(registry), properties, meters, clock);
    }
}
