package io.shiplog.applier.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code shiplog.applier.replicas}: how the applier's replicas share the clusters (a deployment setting, not a
 * fleet-file key).
 *
 * @param group           the consumer group every replica joins on {@code shiplog.commands}; its assignment decides
 *                        which replica applies which cluster
 * @param handoverTimeout how long a cluster handed to another replica may finish its apply in progress before it is
 *                        interrupted (keep it well under the consumer's {@code max.poll.interval.ms}, 5 min)
 */
@Validated
@ConfigurationProperties("shiplog.applier.replicas")
public record ReplicaProperties(
        @NotBlank @DefaultValue("shiplog-cluster-applier") String group,
        @NotNull @DefaultValue("60s") Duration handoverTimeout) {
}
