package io.shiplog.auditor;

import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.auditor.config.NotificationProperties;
import io.shiplog.auditor.notify.Notifier;
import io.shiplog.schemas.kafka.KafkaEdge;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Notifications of the release log to Slack, Teams, webhooks and CloudEvents receivers, when any are configured. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationProperties.class)
public class NotificationConfiguration {

    @Bean
    SmartLifecycle notifications(NotificationProperties properties, ObjectProvider<KafkaEdge> edge,
                                 MeterRegistry meters, Clock clock) {
        if (!properties.active()) {
            return new Idle();
        }
        return new Notifier(properties, edge.getObject(), properties.group(), meters, clock);
    }

    /** No targets or no rules: nothing to follow. */
    private static final class Idle implements SmartLifecycle {
        private volatile boolean running;

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }
}
