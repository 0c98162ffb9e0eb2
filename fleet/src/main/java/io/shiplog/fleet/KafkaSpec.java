package io.shiplog.fleet;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code kafka}: where the brokers and the schema registry are. {@code properties} are Kafka client properties with
 * plain values; {@code secretProperties} those whose key names a password, secret, JAAS config or token.
 */
public record KafkaSpec(String bootstrapServers, Optional<URI> schemaRegistry, Map<String, String> properties,
                        Map<String, Secret> secretProperties) {

    public KafkaSpec {
        properties = Map.copyOf(properties);
        secretProperties = Map.copyOf(secretProperties);
    }

    /** Every client property with secrets revealed, for building a Kafka client; never log the result. */
    public Map<String, String> clientProperties() {
        Map<String, String> all = new LinkedHashMap<>(properties);
        secretProperties.forEach((key, secret) -> all.put(key, secret.reveal()));
        return all;
    }
}
