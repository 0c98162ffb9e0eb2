package io.shiplog.local.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeClusterTest {

    @Test
    void acceptsDnsLabelNames() {
        assertThat(KubeCluster.checkNames("alpha", "eu-west-1")).containsExactly("alpha", "eu-west-1");
    }

    @Test
    void rejectsNamesThatCannotNameAContextOrEtcdPrefix() {
        for (String bad : new String[] {"Prod", "a/b", "-a", "a-", ""}) {
            assertThatThrownBy(() -> KubeCluster.checkNames(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void rejectsTheSameNameTwice() {
        assertThatThrownBy(() -> KubeCluster.checkNames("a", "b", "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a' is given twice");
    }

    @Test
    void writesAKubeconfigOnlyItsOwnerCanRead(@TempDir Path dir) throws IOException {
        Path file = Kubeconfig.write(dir.resolve("kubeconfig"), "alpha", URI.create("https://127.0.0.1:6443"),
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", "token-value");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (Reader reader = Files.newBufferedReader(file)) {
            KubeConfig kubeconfig = KubeConfig.loadKubeConfig(reader);
            assertThat(kubeconfig.getCurrentContext()).isEqualTo("alpha");
            assertThat(kubeconfig.getServer()).isEqualTo("https://127.0.0.1:6443");
            assertThat(kubeconfig.getNamespace()).isEqualTo("default");
            assertThat(kubeconfig.getCredentials()).containsEntry("token", "token-value");
            assertThat(new String(kubeconfig.getDataOrFileRelative(
                    kubeconfig.getCertificateAuthorityData(), kubeconfig.getCertificateAuthorityFile())))
                    .startsWith("-----BEGIN CERTIFICATE-----");
        }
    }
}
