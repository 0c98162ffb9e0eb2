package io.shiplog.schemas.topic;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * One topic of the release log: its name, what its key means, its partitions, cleanup policy, retention (empty =
 * kept forever) and the Avro envelope of its values.
 */
public record TopicSpec(String name, String keyMeaning, int partitions, CleanupPolicy cleanupPolicy,
                        Optional<Duration> retention, Schema valueSchema) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyMeaning, "keyMeaning");
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(valueSchema, "valueSchema");
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least 1 partition, got " + partitions);
        }
    }

    /** Whether records are kept forever (the release topics: audit trail and disaster-recovery backup). */
    public boolean keptForever() {
        return retention.isEmpty();
    }

    /** The same topic with another partition count (deployments choose theirs). */
    public TopicSpec withPartitions(int count) {
        return new TopicSpec(name, keyMeaning, count, cleanupPolicy, retention, valueSchema);
    }

    /**
     * Topic-level configs Shiplog sets on creation and checks afterwards: the cleanup policy and, for deleting
     * topics, the retention ({@code -1} in time and size for topics kept forever).
     */
    public Map<String, String> configs() {
        if (cleanupPolicy == CleanupPolicy.COMPACT) {
            return Map.of("cleanup.policy", cleanupPolicy.configValue());
        }
        return retention
                .map(d -> Map.of("cleanup.policy", cleanupPolicy.configValue(), "retention.ms", Long.toString(d.toMillis())))
                .orElseGet(() -> Map.of("cleanup.policy", cleanupPolicy.configValue(), "retention.ms", "-1",
                        "retention.bytes", "-1"));
    }

    /** Kafka's {@code cleanup.policy}. */
    public enum CleanupPolicy {
        DELETE("delete"), COMPACT("compact");

        private final String configValue;

        CleanupPolicy(String configValue) {
            this.configValue = configValue;
        }

        public String configValue() {
            return configValue;
        }
    }
}
