package io.shiplog.fleet.spring;

import io.shiplog.fleet.Fleet;
import io.shiplog.fleet.KafkaSpec;
import io.shiplog.fleet.TuningValues;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.core.env.MapPropertySource;

/**
 * The fleet's part of a service's Spring environment: {@code kafka} as {@code spring.kafka.*}, each tuning section
 * under its prefix, and each service's registries, repositories, clusters and audit settings ({@link ServiceParts}).
 * Plain and secret values share one property source, {@value #NAME}; the actuator sanitizer masks the secret ones.
 */
public final class FleetPropertySources {

    /** The property source of plain values. */
    public static final String NAME = "shiplogFleet";

    private FleetPropertySources() {
    }

    /** Plain values by Spring property name. */
    public static Map<String, Object> plain(Fleet fleet) {
        Map<String, Object> properties = new LinkedHashMap<>();
        fleet.kafka().ifPresent(kafka -> {
            properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
            kafka.schemaRegistry().ifPresent(url -> properties.put("spring.kafka.properties.schema.registry.url",
                    url.toString()));
            kafka.properties().forEach((key, value) -> properties.put("spring.kafka.properties." + key, value));
        });
        for (TuningValues values : fleet.tuning().values()) {
            values.properties().forEach((name, value) -> properties.put(values.prefix() + "." + name, value));
        }
        ServiceParts.addTo(fleet, properties, new LinkedHashMap<>());
        return properties;
    }

    /** Secret values (revealed: only for the masked property source). */
    public static Map<String, Object> secrets(Fleet fleet) {
        Map<String, Object> properties = new LinkedHashMap<>();
        fleet.kafka().map(KafkaSpec::secretProperties).ifPresent(secrets -> secrets.forEach((key, secret) ->
                properties.put("spring.kafka.properties." + key, secret.reveal())));
        for (TuningValues values : fleet.tuning().values()) {
            values.secrets().forEach((name, secret) -> properties.put(values.prefix() + "." + name, secret.reveal()));
        }
        ServiceParts.addTo(fleet, new LinkedHashMap<>(), properties);
        return properties;
    }

    /**
     * The one property source of the fleet: plain and secret values together (Spring binds a list such as
     * {@code shiplog.applier.repositories} from a single source, so a repository's password must sit beside its
     * URL), knowing which names hold secrets so the actuator masks exactly those.
     */
    static FleetPropertySource source(Fleet fleet) {
        Map<String, Object> secrets = secrets(fleet);
        Map<String, Object> all = new LinkedHashMap<>(plain(fleet));
        all.putAll(secrets);
        return new FleetPropertySource(all, secrets.keySet());
    }

    /** The fleet's property source: its values, and the names of those that are secrets. */
    static final class FleetPropertySource extends MapPropertySource {

        private final Set<String> secretNames;

        FleetPropertySource(Map<String, Object> values, Set<String> secretNames) {
            super(NAME, values);
            this.secretNames = Set.copyOf(secretNames);
        }

        boolean isSecret(String name) {
            return secretNames.contains(name);
        }
    }
}
