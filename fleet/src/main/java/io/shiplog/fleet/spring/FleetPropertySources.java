package io.shiplog.fleet.spring;

import io.shiplog.fleet.Fleet;
import io.shiplog.fleet.KafkaSpec;
import io.shiplog.fleet.TuningValues;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.env.MapPropertySource;

/**
 * The fleet's part of a service's Spring environment: {@code kafka} as {@code spring.kafka.*} and each tuning section
 * under its prefix. Secret values go to a property source of their own ({@value #SECRETS}), which the actuator
 * sanitizer masks; plain values to {@value #NAME}.
 */
public final class FleetPropertySources {

    /** The property source of plain values. */
    public static final String NAME = "shiplogFleet";
    /** The property source of secret values (Kafka secrets, secret tuning keys). */
    public static final String SECRETS = "shiplogFleetSecrets";

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
        return properties;
    }

    /** The two property sources. */
    static MapPropertySource plainSource(Fleet fleet) {
        return new MapPropertySource(NAME, plain(fleet));
    }

    static MapPropertySource secretSource(Fleet fleet) {
        return new MapPropertySource(SECRETS, secrets(fleet));
    }
}
