package io.shiplog.local.junit;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Injects a JVM-wide shared handle into test constructors, lifecycle methods and test methods by its type. */
public abstract class SharedHandleResolver<T> implements ParameterResolver {

    private final Class<T> type;
    private final Supplier<? extends T> shared;

    protected SharedHandleResolver(Class<T> type, Supplier<? extends T> shared) {
        this.type = type;
        this.shared = shared;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == type;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared.get();
    }
}
