package io.shiplog.fleet;

/**
 * A service's {@code tuning.<key>} section: which fleet key it is, the Spring property prefix it binds to, and the
 * {@code @ConfigurationProperties}-style record (with bean validation annotations) that checks it. Register an
 * implementation with a no-argument constructor in {@code META-INF/services/io.shiplog.fleet.TuningSection}; every
 * loader finds it with {@link java.util.ServiceLoader}. A section no registered TuningSection claims is not checked.
 *
 * @param <T> the properties type
 */
public interface TuningSection<T> {

    /** Fleet keys a section may have under {@code tuning}. */
    java.util.List<String> KEYS = java.util.List.of("scanner", "gitWriter", "applier", "drift", "audit");

    /** {@code applier}: one of {@link #KEYS}. */
    String key();

    /** {@code shiplog.applier.tuning}. */
    String prefix();

    /** The record the section binds to. */
    Class<T> type();

    /** The prefix used when no TuningSection is registered: {@code shiplog.<key in kebab case>.tuning}. */
    static String defaultPrefix(String key) {
        return "shiplog." + key.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT) + ".tuning";
    }
}
