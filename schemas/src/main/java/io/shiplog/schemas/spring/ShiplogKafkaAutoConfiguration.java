package io.shiplog.schemas.spring;

import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;

/** What every Shiplog service gets on the Kafka side: topic provisioning at start-up and a Kafka health check. */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaProperties.class)
@EnableConfigurationProperties({ShiplogTopicsProperties.class, KafkaProperties.class})
public class ShiplogKafkaAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TopicProvisioningOnStartup topicProvisioningOnStartup(KafkaProperties kafka, ShiplogTopicsProperties topics) {
        return new TopicProvisioningOnStartup(kafka.buildAdminProperties(), topics);
    }

    @Bean(name = "kafkaHealthIndicator")
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaProperties kafka) {
        return new KafkaHealthIndicator(kafka.buildAdminProperties(), Duration.ofSeconds(3));
    }
}
