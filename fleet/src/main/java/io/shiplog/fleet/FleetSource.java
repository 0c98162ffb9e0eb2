package io.shiplog.fleet;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The fleet a service runs with, kept current: {@link #current()} is the last valid version of the file, and
 * subscribers hear of every accepted edit. In a Spring Boot service it is a bean when {@code shiplog.config} (or
 * {@code --config}) names the file.
 */
public interface FleetSource {

    /** The last valid fleet. */
    Fleet current();

    /** The fleet file, absolute. */
    Path path();

    /** Calls {@code listener} on every accepted edit, on the watcher's thread; close the handle to stop. */
    AutoCloseable subscribe(Consumer<FleetChange> listener);
}
