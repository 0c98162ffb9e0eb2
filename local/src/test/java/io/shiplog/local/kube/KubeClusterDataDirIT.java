package io.shiplog.local.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.util.Config;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API servers that keep their state in a data directory, as {@code shiplog dev} runs them. */
class KubeClusterDataDirIT {

    @TempDir
    Path dataDir;

    @Test
    void servesObjectsCreatedInAnEarlierRunFromTheSameDataDirectory() throws Exception {
        KubeOptions options = KubeOptions.ephemeral().withDataDir(dataDir);
        String token;
        String certificate;
        List<KubeCluster> first = KubeCluster.startMany(options, "east", "west");
        try {
            KubeCluster east = first.get(0);
            east.applier().apply("""
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: survives-restart, namespace: default}
                    data: {release: "1.0.0"}
                    """);
            token = east.adminToken();
            certificate = east.caCertificatePem();
            assertThat(east.kubeconfigPath()).isEqualTo(dataDir.resolve("east/kubeconfig"));
        } finally {
            first.forEach(KubeCluster::close);
        }
        assertThat(dataDir.resolve("etcd")).isDirectory();
        assertThat(dataDir.resolve("east/kubeconfig")).isRegularFile();

        List<KubeCluster> second = KubeCluster.startMany(options, "east", "west");
        try {
            KubeCluster east = second.get(0);
            ApiClient fromKubeconfig = Config.fromConfig(dataDir.resolve("east/kubeconfig").toString());
            V1ConfigMap survivor = new CoreV1Api(fromKubeconfig)
                    .readNamespacedConfigMap("survives-restart", "default").execute();

            assertThat(survivor.getData()).containsEntry("release", "1.0.0");
            assertThat(second.get(1).applier().get("v1", "ConfigMap", "default", "survives-restart")).isEmpty();
            assertThat(east.adminToken()).isEqualTo(token);
            assertThat(east.caCertificatePem()).isEqualTo(certificate);
            assertThatThrownBy(() -> KubeCluster.startMany(options, "north"))
                    .hasMessageContaining(dataDir.toString()).hasMessageContaining("in use");
        } finally {
            second.forEach(KubeCluster::close);
        }
        assertThat(dataDir.resolve("east/kubeconfig")).isRegularFile();
    }
}
