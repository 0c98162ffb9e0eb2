package io.shiplog.local.junit;

import io.shiplog.local.oci.ContainerRegistry;
import io.shiplog.local.oci.ImagePusher;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the JVM-wide shared {@link ContainerRegistry}, or its {@link ImagePusher}, into test constructors,
 * lifecycle methods and test methods: {@code @ExtendWith(ContainerRegistryExtension.class)}. Tests sharing it
 * should use their own repository names.
 */
public final class ContainerRegistryExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ContainerRegistry.class || type == ImagePusher.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ContainerRegistry registry = ContainerRegistry.shared();
        return parameter.getParameter().getType() == ImagePusher.class ? registry.pusher() : registry;
    }
}
