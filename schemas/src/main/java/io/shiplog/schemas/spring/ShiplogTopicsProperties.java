package io.shiplog.schemas.spring;

import io.shiplog.schemas.topic.TopicCatalogue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code shiplog.topics.*}: how a service provisions the release-log topics at start-up.
 *
 * @param provision         {@code create} missing topics and check existing ones, only {@code verify}, or {@code off}
 * @param partitions        partitions of every Shiplog topic
 * @param replicationFactor replication of created topics; unset uses the broker's default
 * @param timeout           bound of each Kafka admin call during provisioning
 */
@Validated
@ConfigurationProperties("shiplog.topics")
public record ShiplogTopicsProperties(
        @NotNull @DefaultValue("create") Provision provision,
        @Min(1) @Max(10_000) @DefaultValue("" + TopicCatalogue.DEFAULT_PARTITIONS) int partitions,
        @Min(1) @Max(32) Short replicationFactor,
        @NotNull @DefaultValue("30s") Duration timeout) {

    /** What start-up does with the topics. */
    public enum Provision {
        CREATE, VERIFY, OFF
    }
}
