package io.shiplog.local.junit;

import io.shiplog.local.schemaregistry.SchemaRegistry;


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
