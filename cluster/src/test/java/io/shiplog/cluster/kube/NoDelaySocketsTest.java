package io.shiplog.cluster.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.ApiClient;
import io.shiplog.cluster.config.ClusterConnection;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests to an API server never wait for a delayed acknowledgement (Nagle's algorithm is off). */
class NoDelaySocketsTest {

    @Test
    void aClusterClientsConnectionsHaveNaglesAlgorithmOff(@TempDir Path dir) throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443", insecure-skip-tls-verify: true}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """);
        ApiClient client = KubeClients.build("one", ClusterConnection.kubeconfig(kubeconfig), Duration.ofSeconds(5), 8);

        try (Socket socket = client.getHttpClient().socketFactory().createSocket()) {
            assertThat(socket.getTcpNoDelay()).isTrue();
        }
    }
}
