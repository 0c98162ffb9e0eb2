package io.shiplog.auditor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.cluster.config.RepositoryProperties;
import io.shiplog.cluster.manifest.ObjectKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class DriftPropertiesTest {

    private static final RepositoryProperties REPO = new RepositoryProperties("config", "https://git.example/c.git",
            "shiplog", "hunter2-password", null, null, null, Duration.ofSeconds(60));

    private static DriftClusterProperties cluster(String name, String repository, Path kubeconfig,
                                                  List<IgnoreRule> ignore) {
        return new DriftClusterProperties(name, repository, List.of("apps"), kubeconfig, null, kubeconfig == null,
                "default", List.of(), true, null, null, DriftMode.REPORT, Duration.ofMinutes(10), ignore, null);
    }

    private static DriftProperties properties(List<DriftClusterProperties> clusters) {
        return new DriftProperties(null, List.of(REPO), clusters, new DriftProperties.Tuning(Duration.ofSeconds(10),
                16, Duration.ofMillis(200), Duration.ofSeconds(10),
                Duration.ofSeconds(60), DataSize.ofGigabytes(1)));
    }

    @Test
    void failsAtStartUpWithEveryProblemNamingItsProperty() {
        DriftProperties properties = properties(List.of(
                cluster("prod", "nope", Path.of("/does/not/exist"), List.of()),
                cluster("prod", null, null, List.of(new IgnoreRule(null, "Deployment", null, null,
                        List.of("spec.replicas"), List.of())))));

        assertThatThrownBy(properties::validated)
                .hasMessageContaining("shiplog.drift.clusters[0].repository 'nope' names no configured repository")
                .hasMessageContaining("shiplog.drift.clusters[0].kubeconfig /does/not/exist is not a readable file")
                .hasMessageContaining("shiplog.drift.clusters[1].name 'prod' is used twice")
                .hasMessageContaining("shiplog.drift.clusters[1].ignore[0].json-pointers: 'spec.replicas' is not a "
                        + "JSON pointer")
                .message().doesNotContain("hunter2-password");
    }

    @Test
    void checksItsRepositoriesAsTheApplierDoes() {
        RepositoryProperties ssh = new RepositoryProperties("config", "ssh://git@git.example/c.git", null, null,
                null, null, Path.of("/does/not/exist"), Duration.ofSeconds(60));
        DriftProperties properties = new DriftProperties(null, List.of(ssh, ssh), List.of(),
                new DriftProperties.Tuning(Duration.ofSeconds(10), 16, Duration.ofMillis(200), Duration.ofSeconds(10),
                Duration.ofSeconds(60), DataSize.ofGigabytes(1)));

        assertThatThrownBy(properties::validated)
                .hasMessageContaining("shiplog.drift.repositories[0].ssh-key must name a readable private key file")
                .hasMessageContaining("shiplog.drift.repositories[0].known-hosts must name a readable known_hosts")
                .hasMessageContaining("shiplog.drift.repositories[1].name 'config' is used twice");
    }

    @Test
    void acceptsAClusterThatUsesTheOnlyRepositoryInCluster() {
        DriftProperties properties = properties(List.of(cluster("prod", null, null, List.of())));

        assertThat(properties.validated().repositoryOf(properties.clusters().get(0))).isEqualTo(REPO);
    }

    @Test
    void ignoreRulesMatchByGroupKindNamespaceAndNameWithWildcards() {
        IgnoreRule rule = new IgnoreRule("apps", "Deployment", "team-*", "web-*", List.of("/spec/replicas"), List.of());

        assertThat(rule.matches(new ObjectKey("apps", "Deployment", "team-a", "web-1"))).isTrue();
        assertThat(rule.matches(new ObjectKey("apps", "Deployment", "other", "web-1"))).isFalse();
        assertThat(rule.matches(new ObjectKey("apps", "StatefulSet", "team-a", "web-1"))).isFalse();
        assertThat(rule.matches(new ObjectKey("", "Deployment", "team-a", "web-1"))).isFalse();
        assertThat(new IgnoreRule(null, null, null, null, List.of(), List.of())
                .matches(new ObjectKey("", "Namespace", null, "x"))).isTrue();
    }
}
