package io.shiplog.testkit.schemaregistry;

import io.shiplog.testkit.support.SharedHandleResolver;

/**
 * Injects the JVM-wide shared {@link SchemaRegistry} (on the shared Kafka broker) into test constructors, lifecycle
 * methods and test methods: {@code @ExtendWith(SchemaRegistryExtension.class)}, then declare a
 * {@code SchemaRegistry} parameter.
 */
public final class SchemaRegistryExtension extends SharedHandleResolver<SchemaRegistry> {

    public SchemaRegistryExtension() {
        super(SchemaRegistry.class, SchemaRegistry::shared);
    }
}
