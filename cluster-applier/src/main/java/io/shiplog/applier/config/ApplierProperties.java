package io.shiplog.applier.config;

import io.shiplog.cluster.config.RepositoryProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code shiplog.applier.*}: the config repositories, the clusters and the tuning of the cluster-applier.
 *
 * @param mirrorDir    where the bare mirrors of the config repositories live; a temp directory when unset
 * @param repositories config repositories
 * @param clusters     clusters to reconcile; none is valid (the service then only serves its endpoints)
 */
@Validated
@ConfigurationProperties("shiplog.applier")
public record ApplierProperties(
        Path mirrorDir,
        @Valid @DefaultValue List<RepositoryProperties> repositories,
        @Valid @DefaultValue List<ClusterProperties> clusters,
        @Valid @NotNull @DefaultValue TuningProperties tuning) {

    private static final String PREFIX = "shiplog.applier.";

    /**
     * Checks what annotations cannot: unique names, repository references, kubeconfig or in-cluster, credentials,
     * SSH key and known_hosts files.
     * Fails with every problem, each naming its property.
     */
    public ApplierProperties validated() {
        List<String> problems = new ArrayList<>();
        Set<String> repositoryNames = new HashSet<>();
        for (int i = 0; i < repositories.size(); i++) {
            repositories.get(i).check(PREFIX + "repositories[" + i + "]", repositoryNames, problems);
        }
        Set<String> clusterNames = new HashSet<>();
        for (int i = 0; i < clusters.size(); i++) {
            ClusterProperties cluster = clusters.get(i);
            String at = PREFIX + "clusters[" + i + "]";
            cluster.check(at, clusterNames, repositories, problems);
            if (cluster.resyncInterval().isNegative() || cluster.resyncInterval().isZero()) {
                problems.add(at + ".resync-interval must be positive, got " + cluster.resyncInterval());
            }
            if (cluster.healthTimeout() != null && cluster.healthTimeout().isNegative()) {
                problems.add(at + ".health-timeout must not be negative, got " + cluster.healthTimeout());
            }
        }
        if (tuning.requestTimeout().isNegative() || tuning.requestTimeout().isZero()) {
            problems.add(PREFIX + "tuning.request-timeout must be positive");
        }
        if (tuning.healthTimeout().isNegative()) {
            problems.add(PREFIX + "tuning.health-timeout must not be negative");
        }
        if (tuning.retryInitialBackoff().isNegative() || tuning.retryInitialBackoff().isZero()
                || tuning.retryMaxBackoff().compareTo(tuning.retryInitialBackoff()) < 0) {
            problems.add(PREFIX + "tuning.retry-initial-backoff must be positive and at most retry-max-backoff");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid cluster-applier configuration:\n  - "
                    + String.join("\n  - ", problems));
        }
        return this;
    }

    /** The repository a cluster follows. */
    public RepositoryProperties repositoryOf(ClusterProperties cluster) {
        return RepositoryProperties.select(repositories, cluster.name(), cluster.repository());
    }
}
