package io.shiplog.fleet.read;

import io.shiplog.fleet.FleetLoad;
import io.shiplog.fleet.TuningSection;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Loads fleet files with a given environment (for {@code ${env:}} references) and set of {@link TuningSection}s.
 * {@link #defaults()} uses the process environment and every TuningSection registered on the class path.
 */
public final class FleetLoader {

    private final Function<String, String> environment;
    private final Map<String, TuningSection<?>> sections;

    private FleetLoader(Function<String, String> environment, Map<String, TuningSection<?>> sections) {
        this.environment = environment;
        this.sections = sections;
    }

    /** The process environment and the TuningSections found by {@link ServiceLoader}. */
    public static FleetLoader defaults() {
        return new FleetLoader(System::getenv, index(discoveredSections()));
    }

    /** The TuningSections registered in {@code META-INF/services/io.shiplog.fleet.TuningSection}. */
    @SuppressWarnings("rawtypes")
    public static List<TuningSection<?>> discoveredSections() {
        ServiceLoader<TuningSection> loader = ServiceLoader.load(TuningSection.class,
                Thread.currentThread().getContextClassLoader() == null ? FleetLoader.class.getClassLoader()
                        : Thread.currentThread().getContextClassLoader());
        return loader.stream().<TuningSection<?>>map(provider -> (TuningSection<?>) provider.get()).toList();
    }

    /** This loader with another environment (a test's, or a map). */
    public FleetLoader withEnvironment(Function<String, String> environment) {
        return new FleetLoader(Objects.requireNonNull(environment), sections);
    }

    /** This loader checking tuning with exactly these sections. */
    public FleetLoader withTuningSections(Collection<? extends TuningSection<?>> tuningSections) {
        return new FleetLoader(environment, index(tuningSections));
    }

    /** The sections this loader checks, by fleet key. */
    public Map<String, TuningSection<?>> tuningSections() {
        return sections;
    }

    /** Loads and checks the file; never throws for a bad file. */
    public FleetLoad load(Path file) {
        return FleetReader.read(file, environment, sections);
    }

    private static Map<String, TuningSection<?>> index(Collection<? extends TuningSection<?>> sections) {
        Map<String, TuningSection<?>> byKey = new TreeMap<>();
        for (TuningSection<?> section : sections) {
            if (!TuningSection.KEYS.contains(section.key())) {
                throw new IllegalStateException(section.getClass().getName() + " claims tuning." + section.key()
                        + ", which is none of " + TuningSection.KEYS);
            }
            TuningSection<?> other = byKey.putIfAbsent(section.key(), section);
            if (other != null && other.getClass() != section.getClass()) {
                throw new IllegalStateException("two TuningSections claim tuning." + section.key() + ": "
                        + other.getClass().getName() + " and " + section.getClass().getName());
            }
        }
        return Map.copyOf(byKey);
    }
}
