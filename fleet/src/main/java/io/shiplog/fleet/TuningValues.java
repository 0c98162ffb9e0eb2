package io.shiplog.fleet;

import java.util.Map;
import java.util.TreeMap;

/**
 * One {@code tuning.<key>} section flattened to Spring property names relative to the section (
 * {@code max-parallel}, {@code limits.burst}, {@code labels[team]}), to be bound under {@code prefix}. Values of keys
 * naming a password, secret, token or JAAS config are {@link Secret}s.
 */
public record TuningValues(String key, String prefix, Map<String, String> properties, Map<String, Secret> secrets) {

    public TuningValues {
        properties = Map.copyOf(properties);
        secrets = Map.copyOf(secrets);
    }

    /** Every value under {@code prefix.} (secrets revealed), sorted by name: what a service binds. */
    public Map<String, String> withPrefix() {
        Map<String, String> all = new TreeMap<>();
        properties.forEach((name, value) -> all.put(prefix + "." + name, value));
        secrets.forEach((name, secret) -> all.put(prefix + "." + name, secret.reveal()));
        return all;
    }
}
