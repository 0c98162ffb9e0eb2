package io.shiplog.local.support;

import java.util.Objects;
import java.util.function.Supplier;

/** One instance of a component for the whole JVM, started on first use and stopped at JVM exit. */
public final class JvmShared<T extends AutoCloseable> {

    private final String name;
    private final Supplier<T> starter;
    private T instance;

    public JvmShared(String name, Supplier<T> starter) {
        this.name = Objects.requireNonNull(name, "name");
        this.starter = Objects.requireNonNull(starter, "starter");
    }

    /** The shared instance, starting it the first time. */
    public synchronized T get() {
        if (instance == null) {
            T started = starter.get();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(started), "stop-shared-" + name));
            instance = started;
        }
        return instance;
    }

    private static void closeQuietly(AutoCloseable component) {
        try {
            component.close();
        } catch (Exception e) {
            // the JVM is exiting; a component that fails to stop is reaped with it
        }
    }
}
