package io.shiplog.gitwriter.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code shiplog.git-writer.tuning}: timing of the commit loop.
 *
 * @param debounce            extra wait after the first update of an idle batch, to gather more (0: none)
 * @param retryInitialBackoff first wait after a failed push or fetch; doubles per attempt
 * @param retryMaxBackoff     longest wait between attempts
 * @param maxPushAttempts     non-fast-forward retries of one batch before it is reported failed
 * @param pollTimeout         Kafka poll timeout of the inbound consumer
 * @param maxFileBytes        files over this size are reported, not parsed
 * @param maxPendingUpdates   distinct update targets (image repository, release, workload lock) that may wait per
 *                            repository, e.g. while its remote is unreachable; newer work for a waiting target
 *                            replaces it, work for a new target beyond this is refused (to the DLQ)
 * @param repairGrace         how long the instance owning a repository waits for another instance's event of a
 *                            Shiplog commit before it publishes it from the trailers itself (crash repair)
 * @param publicationLookback how far back {@code shiplog.commits} is read to find events already published
 */
public record TuningProperties(
        @NotNull @DefaultValue("0s") Duration debounce,
        @NotNull @DefaultValue("500ms") Duration retryInitialBackoff,
        @NotNull @DefaultValue("30s") Duration retryMaxBackoff,
        @DefaultValue("8") int maxPushAttempts,
        @NotNull @DefaultValue("200ms") Duration pollTimeout,
        @DefaultValue("4194304") long maxFileBytes,
        @DefaultValue("10000") int maxPendingUpdates,
        @NotNull @DefaultValue("30s") Duration repairGrace,
        @NotNull @DefaultValue("24h") Duration publicationLookback) {

    /** Registers this record as the fleet file's {@code tuning.gitWriter} section, so it is checked there too. */
    public static final class TuningSection implements io.shiplog.fleet.TuningSection<TuningProperties> {
        @Override
        public String key() {
            return "gitWriter";
        }

        @Override
        public String prefix() {
            return "shiplog.git-writer.tuning";
        }

        @Override
        public Class<TuningProperties> type() {
            return TuningProperties.class;
        }
    }
}
