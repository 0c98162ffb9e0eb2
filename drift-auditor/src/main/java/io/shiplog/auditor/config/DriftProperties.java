package io.shiplog.auditor.config;

import io.shiplog.cluster.config.RepositoryProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code shiplog.drift.*}: the clusters whose drift the auditor watches and the config repositories their desired
 * state comes from.
 *
 * @param mirrorDir    where the bare mirrors of the config repositories live; a temp directory when unset
 * @param repositories the config repositories
 * @param clusters     the clusters audited
 * @param tuning       timeouts, concurrency and timing
 */
@Validated
@ConfigurationProperties("shiplog.drift")
public record DriftProperties(
        Path mirrorDir,
        @Valid @DefaultValue List<RepositoryProperties> repositories,
        @Valid @DefaultValue List<DriftClusterProperties> clusters,
        @Valid @NotNull @DefaultValue Tuning tuning) {

    /**
     * {@code shiplog.drift.tuning}: how the auditor works ({@code tuning.drift} in the fleet file).
     *
     * @param requestTimeout     bound of one Kubernetes request
     * @param concurrency        requests in flight per cluster during an audit
     * @param debounce           how long changes seen by the watches are collected before they are checked
     * @param correctionCooldown at most one {@code ResyncCluster} per cluster this often (correct mode)
     * @param renderTimeout      how long rendering one unit (a kustomize build) may take
     * @param renderMemory       the virtual-memory limit of one unit's renderer
     */
    public record Tuning(
            @NotNull @DefaultValue("10s") Duration requestTimeout,
            @Min(1) @DefaultValue("16") int concurrency,
            @NotNull @DefaultValue("200ms") Duration debounce,
            @NotNull @DefaultValue("10s") Duration correctionCooldown,
            @NotNull @DefaultValue("60s") Duration renderTimeout,
            @NotNull @DefaultValue("1GB") DataSize renderMemory) {
    }

    /** Registers {@link Tuning} as the fleet file's {@code tuning.drift} section, so it is checked there too. */
    public static final class TuningSection implements io.shiplog.fleet.TuningSection<Tuning> {
        @Override
        public String key() {
            return "drift";
        }

        @Override
        public String prefix() {
            return "shiplog.drift.tuning";
        }

        @Override
        public Class<Tuning> type() {
            return Tuning.class;
        }
    }

    private static final String PREFIX = "shiplog.drift.";

    /** Checks what annotations cannot; fails with every problem, each naming its property. */
    public DriftProperties validated() {
        List<String> problems = new ArrayList<>();
        Set<String> repositoryNames = new HashSet<>();
        for (int i = 0; i < repositories.size(); i++) {
            repositories.get(i).check(PREFIX + "repositories[" + i + "]", repositoryNames, problems);
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < clusters.size(); i++) {
            DriftClusterProperties cluster = clusters.get(i);
            String at = PREFIX + "clusters[" + i + "]";
            cluster.check(at, names, repositories, problems);
            if (cluster.auditInterval().isNegative() || cluster.auditInterval().isZero()) {
                problems.add(at + ".audit-interval must be positive, got " + cluster.auditInterval());
            }
            for (int j = 0; j < cluster.ignore().size(); j++) {
                for (String pointer : cluster.ignore().get(j).jsonPointers()) {
                    if (!pointer.startsWith("/")) {
                        problems.add(at + ".ignore[" + j + "].json-pointers: '" + pointer
                                + "' is not a JSON pointer (it must start with '/')");
                    }
                }
            }
        }
        if (tuning.requestTimeout().isNegative() || tuning.requestTimeout().isZero()) {
            problems.add(PREFIX + "tuning.request-timeout must be positive");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid drift-auditor configuration:\n  - "
                    + String.join("\n  - ", problems));
        }
        return this;
    }

    /** The repository a cluster's desired state comes from. */
    public RepositoryProperties repositoryOf(DriftClusterProperties cluster) {
        return RepositoryProperties.select(repositories, cluster.name(), cluster.repository());
    }
}
