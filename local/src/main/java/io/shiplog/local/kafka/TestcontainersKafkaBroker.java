package io.shiplog.local.kafka;

import io.shiplog.local.support.StartupLog;
import java.time.Duration;
import org.testcontainers.kafka.KafkaContainer;

/** A Kafka broker in a container, for machines with a Docker engine ({@code -Dshiplog.kafka=testcontainers}). */
final class TestcontainersKafkaBroker implements KafkaBroker {

    /** Image used unless {@code shiplog.kafka.image} names another. */
    static final String DEFAULT_IMAGE = "apache/kafka:4.1.2";

    private final KafkaContainer container;

    private TestcontainersKafkaBroker(KafkaContainer container) {
        this.container = container;
    }

    static TestcontainersKafkaBroker start() {
        long started = System.nanoTime();
        KafkaContainer container = new KafkaContainer(System.getProperty("shiplog.kafka.image", DEFAULT_IMAGE))
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        container.start();
        StartupLog.started("kafka", Duration.ofNanos(System.nanoTime() - started),
                "Testcontainers broker at " + container.getBootstrapServers());
        return new TestcontainersKafkaBroker(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
