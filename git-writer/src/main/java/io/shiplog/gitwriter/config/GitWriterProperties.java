package io.shiplog.gitwriter.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code shiplog.git-writer.*}: the config repositories and the tuning of git-writer.
 *
 * @param mirrorDir    where the bare mirrors live (keep it across restarts: it remembers what was published); a
 *                     temp directory when unset
 * @param repositories config repositories; none is valid (the service then only serves its endpoints)
 * @param tuning       commit loop timing
 * @param registries   registries whose digests a {@code ReleaseImage} may name (checked before committing); a
 *                     registry not listed is asked anonymously over HTTPS
 * @param clusters     the clusters and where their manifests are, for {@code RollbackCluster}
 */
@Validated
@ConfigurationProperties("shiplog.git-writer")
public record GitWriterProperties(
        Path mirrorDir,
        @Valid @DefaultValue List<RepositoryProperties> repositories,
        @Valid @NotNull @DefaultValue TuningProperties tuning,
        @Valid @DefaultValue List<RegistryProperties> registries,
        @Valid @DefaultValue List<ClusterProperties> clusters) {

    private static final String PREFIX = "shiplog.git-writer.";

    /** Checks what annotations cannot; fails with every problem, each naming its property. */
    public GitWriterProperties validated() {
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < repositories.size(); i++) {
            RepositoryProperties r = repositories.get(i);
            String at = PREFIX + "repositories[" + i + "]";
            if (!names.add(r.name())) {
                problems.add(at + ".name '" + r.name() + "' is used twice");
            }
            if (!r.name().matches("[A-Za-z0-9._-]+")) {
                problems.add(at + ".name '" + r.name() + "' may only hold letters, digits, '.', '_' and '-'");
            }
            r.remote().check(at, problems);
            r.pullRequests().check(at + ".pull-requests", r.url(), r.pushesElsewhere(), problems);
            if (r.fetchInterval().isNegative() || r.fetchInterval().isZero()) {
                problems.add(at + ".fetch-interval must be positive, got " + r.fetchInterval());
            }
            String format = r.commit().signingFormat().toLowerCase(Locale.ROOT);
            if (!Set.of("none", "openpgp", "ssh").contains(format)) {
                problems.add(at + ".commit.signing-format must be none, openpgp or ssh, got '" + format + "'");
            } else if (!format.equals("none") && (r.commit().signingKey() == null
                    || r.commit().signingKey().isBlank())) {
                problems.add(at + ".commit.signing-key is required with signing-format " + format);
            }
        }
        Set<String> clusterNames = new HashSet<>();
        for (int i = 0; i < clusters.size(); i++) {
            ClusterProperties c = clusters.get(i);
            String at = PREFIX + "clusters[" + i + "]";
            if (!clusterNames.add(c.name())) {
                problems.add(at + ".name '" + c.name() + "' is used twice");
            }
            if (repositories.stream().noneMatch(r -> c.in(r, repositories.size()))) {
                problems.add(at + ".repository '" + c.repository() + "' is not a configured repository"
                        + (c.repository().isBlank() ? " (required unless exactly one repository is configured)" : ""));
            }
            if (c.paths().stream().anyMatch(p -> p.equals("..") || p.startsWith("../") || p.contains("/../"))) {
                problems.add(at + ".paths " + c.paths() + " must stay inside the repository (no '..')");
            }
        }
        if (tuning.debounce().isNegative()) {
            problems.add(PREFIX + "tuning.debounce must not be negative");
        }
        if (tuning.retryInitialBackoff().isNegative() || tuning.retryInitialBackoff().isZero()
                || tuning.retryMaxBackoff().compareTo(tuning.retryInitialBackoff()) < 0) {
            problems.add(PREFIX + "tuning.retry-initial-backoff must be positive and at most retry-max-backoff");
        }
        if (tuning.maxPushAttempts() < 1) {
            problems.add(PREFIX + "tuning.max-push-attempts must be at least 1");
        }
        if (tuning.maxPendingUpdates() < 1) {
            problems.add(PREFIX + "tuning.max-pending-updates must be at least 1");
        }
        if (tuning.maxFileBytes() < 1) {
            problems.add(PREFIX + "tuning.max-file-bytes must be positive");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid git-writer configuration:\n  - "
                    + String.join("\n  - ", problems));
        }
        return this;
    }
}
