package io.shiplog.auditor.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code shiplog.audit.projection.*}: how the audit store follows the release log.
 *
 * @param enabled     whether the projection runs (off: the store answers queries from what it has)
 * @param pollTimeout Kafka poll bound
 * @param maxBatch    records projected per database transaction at most
 */
@Validated
@ConfigurationProperties("shiplog.audit.projection")
public record ProjectionProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("200ms") Duration pollTimeout,
        @Min(1) @Max(100_000) @DefaultValue("5000") int maxBatch) {

    /** Registers this record as the fleet file's {@code tuning.audit} section, so it is checked there too. */
    public static final class TuningSection implements io.shiplog.fleet.TuningSection<ProjectionProperties> {
        @Override
        public String key() {
            return "audit";
        }

        @Override
        public String prefix() {
            return "shiplog.audit.projection";
        }

        @Override
        public Class<ProjectionProperties> type() {
            return ProjectionProperties.class;
        }
    }
}
