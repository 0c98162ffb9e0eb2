package io.shiplog.fleet.read;

import io.shiplog.fleet.FleetLoad;
import io.shiplog.fleet.TuningSection;
import java.nio.file.Path;

/**
 * {@code shiplog.yaml}: the one configuration file of a Shiplog installation. {@link #load(Path)} reads and checks
 * it with the process environment and every registered {@link TuningSection}.
 */
public final class FleetFile {

    /** The property naming the fleet file ({@code SHIPLOG_CONFIG} in the environment). */
    public static final String PROPERTY = "shiplog.config";
    /** The environment variable naming the fleet file. */
    public static final String ENVIRONMENT_VARIABLE = "SHIPLOG_CONFIG";
    /** The file used when nothing names one ({@code shiplog config check}). */
    public static final String DEFAULT_NAME = "shiplog.yaml";

    private FleetFile() {
    }

    /** A valid fleet or every problem of the file. */
    public static FleetLoad load(Path file) {
        return FleetLoader.defaults().load(file);
    }

    /**
     * Whether {@code file} declares itself a fleet file ({@code kind: Fleet} at the top level, among its first
     * lines), as opposed to a service's own YAML configuration; false when it cannot be read.
     */
    public static boolean isFleetFile(Path file) {
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(file)) {
            return lines.limit(200).anyMatch(line -> line.matches("kind:\\s*[\"']?Fleet[\"']?\\s*(#.*)?"));
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }
}
