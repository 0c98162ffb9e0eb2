package io.shiplog.schemas.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The one place consumer configurations are built, from the service's shared settings (Spring's
 * {@code KafkaProperties.buildConsumerProperties()}, or the CLI's): the group (or none), a client id, raw bytes for
 * keys and values (decoded record by record, so a bad one goes to the DLQ instead of stopping a partition), no
 * auto-commit, read-committed isolation and {@code earliest} offset reset unless configured otherwise.
 */
public final class ConsumerConfigs {

    private ConsumerConfigs() {
    }

    /**
     * @param shared    the service's consumer settings (bootstrap servers, security, registry URL, …)
     * @param group     the consumer group; null for a consumer that is assigned partitions by hand
     * @param clientId  the client id
     * @param overrides settings of this consumer only
     */
    public static Map<String, Object> of(Map<String, ?> shared, String group, String clientId,
                                         Map<String, ?> overrides) {
        Map<String, Object> config = new HashMap<>(shared);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putAll(overrides);
        return config;
    }
}
