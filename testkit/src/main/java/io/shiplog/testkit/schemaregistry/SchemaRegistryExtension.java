package io.shiplog.testkit.schemaregistry;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the JVM-wide shared {@link SchemaRegistry} (on the shared Kafka broker) into test constructors, lifecycle
 * methods and test methods: {@code @ExtendWith(SchemaRegistryExtension.class)}, then declare a
 * {@code SchemaRegistry} parameter.
 */
public final class SchemaRegistryExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SchemaRegistry.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return SchemaRegistry.shared();
    }
}
