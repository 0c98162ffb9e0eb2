package io.shiplog.applier.kube;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.shiplog.applier.config.ClusterProperties;
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
    public static ApiClient build(ClusterProperties cluster, Duration requestTimeout, int concurrency) {
        ApiClient client;
        try {
            if (cluster.inCluster()) {
                client = ClientBuilder.cluster().build();
            } else {
                KubeConfig config;
                try (Reader reader = Files.newBufferedReader(cluster.kubeconfig())) {
                    config = KubeConfig.loadKubeConfig(reader);
                }
                config.setFile(cluster.kubeconfig().toFile());
                if (cluster.context() != null && !cluster.context().isBlank() && !config.setContext(cluster.context())) {
                    throw new IllegalStateException("cluster " + cluster.name() + ": context '" + cluster.context()
                            + "' is not in kubeconfig " + cluster.kubeconfig());
                }
                if (config.getServer() == null) {
                    throw new IllegalStateException("cluster " + cluster.name() + ": kubeconfig "
                            + cluster.kubeconfig() + " has no server for its context");
                }
                client = ClientBuilder.kubeconfig(config).build();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalStateException state && state.getMessage() != null
                    && state.getMessage().startsWith("cluster ")) {
                throw state;
            }
            throw new IllegalStateException("cluster " + cluster.name() + ": cannot build an API client from "
                    + (cluster.inCluster() ? "in-cluster credentials" : "kubeconfig " + cluster.kubeconfig()) + ": "
                    + e.getClass().getSimpleName(), e);
        }
        OkHttpClient.Builder http = client.getHttpClient().newBuilder()
                .connectTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                // keep one connection per in-flight request: a new TLS handshake per request costs more than it
                .connectionPool(new ConnectionPool(concurrency + 4, 5, TimeUnit.MINUTES));
        client.setHttpClient(http.build());
        client.getHttpClient().dispatcher().setMaxRequestsPerHost(Math.max(5, concurrency));
        if (cluster.impersonate() != null && !cluster.impersonate().isBlank()) {
            client.addDefaultHeader("Impersonate-User", cluster.impersonate());
        }
        return client;
    }
}
