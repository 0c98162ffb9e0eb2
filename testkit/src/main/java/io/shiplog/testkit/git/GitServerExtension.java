package io.shiplog.testkit.git;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the JVM-wide shared {@link GitServer} into test constructors, lifecycle methods and test methods:
 * {@code @ExtendWith(GitServerExtension.class)}, then declare a {@code GitServer} parameter. Repository names must
 * be unique across the tests that share it.
 */
public final class GitServerExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == GitServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return GitServer.shared();
    }
}
