package io.shiplog.applier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.cluster.config.RepositoryProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class ApplierPropertiesTest {

    @TempDir
    Path dir;

    private static final TuningProperties TUNING = new TuningProperties(16, Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofSeconds(2),
            Duration.ofMinutes(5), Duration.ofMillis(500), false, 1_000_000, Duration.ofSeconds(60),
            DataSize.ofGigabytes(1), true);

    private static RepositoryProperties repo(String name) {
        return new RepositoryProperties(name, "https://git.example.com/" + name + ".git", "bot", "pw", null, null,
                null, Duration.ofSeconds(60));
    }

    private static ClusterProperties cluster(String name, String repository, Path kubeconfig) {
        return new ClusterProperties(name, repository, "main", List.of("clusters/" + name), kubeconfig, null, false,
                "default", List.of(), true, null, Duration.ofMinutes(5), false, false, null, null, null);
    }

    @Test
    void acceptsAValidConfiguration() throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kc"), "x");
        ApplierProperties properties = new ApplierProperties(null, List.of(repo("config")),
                List.of(cluster("prod", null, kubeconfig)), TUNING);
        assertThat(properties.validated().repositoryOf(properties.clusters().get(0)).name()).isEqualTo("config");
    }

    @Test
    void namesEveryBadPropertyAtOnce() {
        ApplierProperties properties = new ApplierProperties(null, List.of(repo("a"), repo("b")),
                List.of(cluster("prod", "missing", dir.resolve("none")), cluster("prod", null, null)), TUNING);
        assertThatThrownBy(properties::validated).hasMessageContaining(
                        "shiplog.applier.clusters[0].repository 'missing' names no configured repository")
                .hasMessageContaining("shiplog.applier.clusters[0].kubeconfig")
                .hasMessageContaining("shiplog.applier.clusters[1].name 'prod' is used twice")
                .hasMessageContaining("shiplog.applier.clusters[1].repository is not set")
                .hasMessageContaining("shiplog.applier.clusters[1]: set exactly one of kubeconfig and in-cluster");
    }

    @Test
    void requiresAReadableKeyAndKnownHostsFileForAnSshRepository() throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kc"), "x");
        RepositoryProperties ssh = new RepositoryProperties("config", "ssh://git@git.example.com/config.git", null,
                null, null, dir.resolve("no-key"), null, Duration.ofSeconds(60));
        ApplierProperties properties = new ApplierProperties(null, List.of(ssh),
                List.of(cluster("prod", null, kubeconfig)), TUNING);
        assertThatThrownBy(properties::validated)
                .hasMessageContaining("shiplog.applier.repositories[0].ssh-key must name a readable private key file")
                .hasMessageContaining("shiplog.applier.repositories[0].known-hosts must name a readable known_hosts");

        RepositoryProperties withFiles = new RepositoryProperties("config", "git@git.example.com:config.git", null,
                null, null, Files.writeString(dir.resolve("id"), "k"), Files.writeString(dir.resolve("kh"), "h"),
                Duration.ofSeconds(60));
        assertThat(new ApplierProperties(null, List.of(withFiles), List.of(cluster("prod", null, kubeconfig)), TUNING)
                .validated().repositories()).containsExactly(withFiles);
    }

    @Test
    void namesABadRepositoryUrlWithoutItsPassword() throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kc"), "x");
        RepositoryProperties bad = new RepositoryProperties("config", "ftp://bot:hunter2@git.example.com/c.git",
                "bot", "pw", "tok", null, null, Duration.ofSeconds(60));
        assertThatThrownBy(new ApplierProperties(null, List.of(bad), List.of(cluster("prod", null, kubeconfig)),
                TUNING)::validated)
                .hasMessageContaining("shiplog.applier.repositories[0].url 'ftp://***@git.example.com/c.git' is not")
                .hasMessageContaining("shiplog.applier.repositories[0] sets both password and token")
                .message().doesNotContain("hunter2");
    }

    @Test
    void neverShowsPasswordsOrTokens() {
        RepositoryProperties repository = new RepositoryProperties("c", "https://x/c.git", "bot", "p4ssw0rd",
                null, null, null, Duration.ofSeconds(1));
        assertThat(repository.toString()).doesNotContain("p4ssw0rd").contains("password=***");
        assertThat(repository.remote().toString()).doesNotContain("p4ssw0rd");
    }
}
