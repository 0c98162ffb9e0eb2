package io.shiplog.applier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster-applier's YAML read outside the service, as {@code shiplog replay cluster --kubeconfig} reads it. */
class ApplierConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void readsClustersRepositoriesAndTuningWithTheServicesDefaultsAndPlaceholders() throws Exception {
        Path file = Files.writeString(dir.resolve("cluster-applier.yml"), """
                shiplog:
                  applier:
                    repositories:
                      - name: config
                        url: https://git.example.com/platform/config.git
                        token: ${APPLIER_CONFIG_FILE_TEST_TOKEN:from-the-default}
                    clusters:
                      - name: prod-eu
                        paths: [clusters/prod-eu, shared]
                        kubeconfig: /etc/shiplog/prod-eu.kubeconfig
                        namespaces: [shop]
                    tuning:
                      health-timeout: 0s
                """);

        ApplierProperties properties = ApplierConfigFile.load(file);

        ClusterProperties cluster = properties.clusters().get(0);
        assertThat(cluster.name()).isEqualTo("prod-eu");
        assertThat(cluster.paths()).containsExactly("clusters/prod-eu", "shared");
        assertThat(cluster.branch()).isEqualTo("main");
        assertThat(cluster.defaultNamespace()).isEqualTo("default");
        assertThat(cluster.namespaces()).containsExactly("shop");
        assertThat(cluster.kubeconfig()).isEqualTo(Path.of("/etc/shiplog/prod-eu.kubeconfig"));
        assertThat(properties.repositoryOf(cluster).token()).isEqualTo("from-the-default");
        assertThat(properties.tuning().healthTimeout()).isEqualTo(Duration.ZERO);
        assertThat(properties.tuning().concurrency()).isEqualTo(64);
    }

    @Test
    void aClusterBreakingAConstraintFailsNamingTheFileAndTheProperty() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yml"), """
                shiplog:
                  applier:
                    clusters:
                      - name: Not_A_Label
                        paths: [x]
                """);

        assertThatThrownBy(() -> ApplierConfigFile.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("shiplog.applier.clusters[0].name");
    }

    @Test
    void aMissingFileFailsNamingIt() {
        Path missing = dir.resolve("nowhere.yml");

        assertThatThrownBy(() -> ApplierConfigFile.load(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("applier configuration " + missing + " is not a readable file");
    }
}
