package io.shiplog.auditor.config;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code shiplog.drift.replicas}: how the auditor's instances share the clusters (a deployment setting, not a
 * fleet-file key).
 *
 * @param group the consumer group every instance joins on {@code shiplog.applies}; its assignment decides which
 *              instance audits which cluster
 */
@Validated
@ConfigurationProperties("shiplog.drift.replicas")
public record DriftReplicaProperties(@NotBlank @DefaultValue("shiplog-drift-auditor") String group) {
}
