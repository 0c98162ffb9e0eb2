package io.shiplog.local.support;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prints the start-up time of each real component once, so slow infrastructure is visible in test output,
 * and keeps the figures for the infrastructure benchmark.
 */
public final class StartupLog {

    private static final Map<String, Duration> TIMES = new ConcurrentHashMap<>();
    private static volatile PrintStream out = System.out;

    private StartupLog() {
    }

    /** Records and prints that {@code component} became ready after {@code elapsed}. */
    public static void started(String component, Duration elapsed, String where) {
        TIMES.put(component, elapsed);
        out.printf("[testkit] %s ready in %d ms (%s)%n", component, elapsed.toMillis(), where);
    }

    /** The latest start-up time of each component started so far, by component name. */
    public static Map<String, Duration> times() {
        return Map.copyOf(TIMES);
    }

    /** Redirects the start-up lines, e.g. to stderr in commands whose stdout is data. */
    public static void printTo(PrintStream stream) {
        out = stream;
    }
}
