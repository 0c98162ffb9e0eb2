package io.shiplog.applier.config;

import io.shiplog.cluster.render.RenderSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code shiplog.applier.tuning}: limits and timeouts shared by every cluster.
 *
 * @param concurrency         in-flight API requests per cluster
 * @param requestTimeout      bound of one API request (connect, read and the whole call)
 * @param healthTimeout       how long to wait for workloads to become healthy after an apply; 0 checks once
 * @param healthPollInterval  pause between health checks while waiting
 * @param crdTimeout          how long to wait for applied CustomResourceDefinitions to be Established
 * @param retryInitialBackoff first pause after a failed reconciliation (unreachable cluster, unloadable commit)
 * @param retryMaxBackoff     the pause doubles up to this
 * @param pollTimeout         bound of one Kafka poll (how quickly a command or resume is noticed)
 * @param dryRunNewObjects    dry-run objects that do not exist yet before creating them; by default they are
 *                            created directly
 * @param maxReportBytes      largest record the applier writes to {@code shiplog.applies} (at most the topic's
 *                            {@code max.message.bytes}; the producer's {@code max.request.size} bounds it too): a
 *                            larger {@code ApplyCompleted} is summarised to fit
 * @param renderTimeout       how long rendering one unit (a kustomize build) may take
 * @param renderMemory        the virtual-memory limit of one unit's renderer
 * @param applyChangedOnly    a commit sends only the objects whose rendered content differs from what this replica
 *                            last applied to the cluster (or that were not healthy then); the others are reported
 *                            unchanged. Resyncs and replays always send every object, so drift is still undone
 */
public record TuningProperties(
        @Min(1) @Max(256) @DefaultValue("64") int concurrency,
        @NotNull @DefaultValue("30s") Duration requestTimeout,
        @NotNull @DefaultValue("60s") Duration healthTimeout,
        @NotNull @DefaultValue("500ms") Duration healthPollInterval,
        @NotNull @DefaultValue("60s") Duration crdTimeout,
        @NotNull @DefaultValue("2s") Duration retryInitialBackoff,
        @NotNull @DefaultValue("5m") Duration retryMaxBackoff,
        @NotNull @DefaultValue("500ms") Duration pollTimeout,
        @DefaultValue("false") boolean dryRunNewObjects,
        @Min(64 * 1024) @DefaultValue("1000000") int maxReportBytes,
        @NotNull @DefaultValue("60s") Duration renderTimeout,
        @NotNull @DefaultValue("1GB") DataSize renderMemory,
        @DefaultValue("true") boolean applyChangedOnly) {

    /** How units are rendered: these limits, work trees under {@code workDirectory}. */
    public RenderSettings renderSettings(java.nio.file.Path workDirectory) {
        return RenderSettings.defaults(workDirectory).withLimits(renderTimeout, renderMemory.toBytes());
    }

    /** Registers this record as the fleet file's {@code tuning.applier} section, so it is checked there too. */
    public static final class TuningSection implements io.shiplog.fleet.TuningSection<TuningProperties> {
        @Override
        public String key() {
            return "applier";
        }

        @Override
        public String prefix() {
            return "shiplog.applier.tuning";
        }

        @Override
        public Class<TuningProperties> type() {
            return TuningProperties.class;
        }
    }
}
