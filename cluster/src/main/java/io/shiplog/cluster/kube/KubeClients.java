package io.shiplog.cluster.kube;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.shiplog.cluster.config.ClusterConnection;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/** Builds a cluster's API client from its kubeconfig and context (or in-cluster credentials), with timeouts. */
public final class KubeClients {

    private KubeClients() {
    }

    /** The client for {@code cluster}; fails naming the cluster when its kubeconfig or context is unusable. */
    public static ApiClient build(String cluster, ClusterConnection connection, Duration requestTimeout,
                                  int concurrency) {
        ApiClient client;
        try {
            if (connection.inCluster()) {
                client = ClientBuilder.cluster().build();
            } else {
                KubeConfig config;
                try (Reader reader = Files.newBufferedReader(connection.kubeconfig())) {
                    config = KubeConfig.loadKubeConfig(reader);
                }
                config.setFile(connection.kubeconfig().toFile());
                String context = connection.context();
                if (context != null && !context.isBlank() && !config.setContext(context)) {
                    throw new IllegalStateException("cluster " + cluster + ": context '" + context
                            + "' is not in kubeconfig " + connection.kubeconfig());
                }
                if (config.getServer() == null) {
                    throw new IllegalStateException("cluster " + cluster + ": kubeconfig "
                            + connection.kubeconfig() + " has no server for its context");
                }
                client = ClientBuilder.kubeconfig(config).build();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalStateException state && state.getMessage() != null
                    && state.getMessage().startsWith("cluster ")) {
                throw state;
            }
            throw new IllegalStateException("cluster " + cluster + ": cannot build an API client from "
                    + connection.describe() + ": "
                    + e.getClass().getSimpleName(), e);
        }
        OkHttpClient.Builder http = client.getHttpClient().newBuilder()
                .connectTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                // a request body larger than 8 KiB would wait ~40 ms for a delayed acknowledgement
                .socketFactory(new NoDelaySockets())
                // keep one connection per in-flight request: a new TLS handshake per request costs more than it
                .connectionPool(new ConnectionPool(concurrency + 4, 5, TimeUnit.MINUTES));
        client.setHttpClient(http.build());
        client.getHttpClient().dispatcher().setMaxRequestsPerHost(Math.max(5, concurrency));
        if (connection.impersonate() != null && !connection.impersonate().isBlank()) {
            client.addDefaultHeader("Impersonate-User", connection.impersonate());
        }
        return client;
    }
}
