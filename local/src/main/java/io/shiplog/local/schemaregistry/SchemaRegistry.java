package io.shiplog.local.schemaregistry;

import io.shiplog.local.kafka.KafkaBroker;

/**
 * A real, Confluent-compatible Schema Registry for tests and {@code shiplog dev}: the project's
 * {@link EmbeddedSchemaRegistry} on loopback, storing its state in a Kafka topic.
 */
public interface SchemaRegistry extends AutoCloseable {

    /** Base URL for {@code schema.registry.url}, e.g. {@code http://127.0.0.1:40123}. */
    String url();

    @Override
    void close();

    /** Starts a registry on a free port, storing its state in {@code _schemas} on {@code broker}. */
    static SchemaRegistry start(KafkaBroker broker) {
        return start(broker.bootstrapServers(), 0);
    }

    /** Starts a registry on {@code port} (0 = a free one), storing its state in {@code _schemas} there. */
    static SchemaRegistry start(String bootstrapServers, int port) {
        return EmbeddedSchemaRegistry.builder(bootstrapServers).port(port).start();
    }

    /** The registry shared by everything in this JVM, on {@link KafkaBroker#shared()}; stopped at JVM exit. */
    static SchemaRegistry shared() {
        return SharedSchemaRegistry.REGISTRY.get();
    }
}
