package io.shiplog.local.kube;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A real Kubernetes API: a {@code kube-apiserver} and {@code etcd} on loopback (envtest style), with an admin
 * {@link ApiClient} (bearer token, server certificate verified against the API server's own CA) and a kubeconfig
 * file. Several clusters can share one etcd, each under its own {@code --etcd-prefix}; they see nothing of each
 * other.
 *
 * <p>Only the API server runs: no controller-manager, scheduler or kubelet. Deployments never become ready, pods
 * never run, namespaces never finish deleting (they stay {@code Terminating}), nothing is garbage-collected by owner
 * reference and service account tokens are not created for service accounts. Objects are stored and served, and
 * validation, defaulting, admission, RBAC and server-side apply work as in a real cluster.
 *
 * <p>Binaries come from {@link EnvtestBinaries#locate()}. {@link #close()} stops the processes and removes their
 * scratch directories; JVM exit does the same for anything left running.
 */
public final class KubeCluster implements AutoCloseable {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Duration CLIENT_READ_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Etcd etcd;
    private final KubeApiServer server;
    private final Path kubeconfig;
    private final ApiClient apiClient;
    private final ServerSideApplier applier;
    private final boolean shared;
    private final Thread shutdownHook;
    private boolean stopped;

    private KubeCluster(String name, Etcd etcd, KubeApiServer server, boolean shared) {
        this.name = name;
        this.etcd = etcd;
        this.server = server;
        this.shared = shared;
        this.kubeconfig = Kubeconfig.write(server.dir().resolve("kubeconfig"), name, server.url(),
                server.caCertificatePem(), server.adminToken());
        this.apiClient = newApiClient();
        this.applier = new ServerSideApplier(apiClient, "shiplog-testkit");
        this.shutdownHook = new Thread(this::stop, "stop-kube-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a cluster with its own etcd. */
    public static KubeCluster start(String name) {
        return startMany(name).get(0);
    }

    /** Starts one cluster per name, in parallel, all on one new etcd with distinct prefixes. */
    public static List<KubeCluster> startMany(String... names) {
        List<String> checked = checkNames(names);
        EnvtestBinaries binaries = EnvtestBinaries.locate();
        Etcd etcd = Etcd.start(binaries);
        try {
            return startAll(binaries, etcd, checked, false);
        } finally {
            etcd.release();
        }
    }

    /** The cluster shared by every test in this JVM (on the same etcd as {@link KubeClusters#shared()}). */
    public static KubeCluster shared() {
        return SharedKubeClusters.single();
    }

    public String name() {
        return name;
    }

    /** The API server's base URL, {@code https://127.0.0.1:<port>}. */
    public URI serverUrl() {
        return server.url();
    }

    /** A kubeconfig with one cluster, user (admin token) and context, all named after this cluster, and current. */
    public Path kubeconfigPath() {
        return kubeconfig;
    }

    /** This cluster's admin client (member of {@code system:masters}), shared by its callers. */
    public ApiClient apiClient() {
        return apiClient;
    }

    /**
     * A new admin client, e.g. to change its timeouts. Reads time out after 30 s; set a longer read timeout on the
     * client for long watches.
     */
    public ApiClient newApiClient() {
        return new ClientBuilder()
                .setBasePath(server.url().toString())
                .setVerifyingSsl(true)
                .setCertificateAuthority(caCertificatePem().getBytes(StandardCharsets.US_ASCII))
                .setAuthentication(new AccessTokenAuthentication(server.adminToken()))
                .setReadTimeout(CLIENT_READ_TIMEOUT)
                .build();
    }

    /** PEM certificates to trust for this API server (its serving certificate and the CA that signed it). */
    public String caCertificatePem() {
        return server.caCertificatePem();
    }

    /** The admin bearer token, for components configured by token rather than kubeconfig. Never log it. */
    public String adminToken() {
        return server.adminToken();
    }

    /** Server-side apply of manifests of any kind as field manager {@code shiplog-testkit}. */
    public ServerSideApplier applier() {
        return applier;
    }

    /** Stops the API server (and etcd when no other cluster uses it) and removes scratch files; shared ones stay. */
    @Override
    public void close() {
        if (shared) {
            return;
        }
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    @Override
    public String toString() {
        return "KubeCluster[" + name + " at " + server.url() + "]";
    }

    URI etcdUrl() {
        return etcd.clientUrl();
    }

    boolean isRunning() {
        return server.isRunning();
    }

    Path scratchDir() {
        return server.dir();
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        apiClient.getHttpClient().dispatcher().executorService().shutdown();
        apiClient.getHttpClient().connectionPool().evictAll();
        server.close();
        etcd.release();
    }

    /** Starts clusters on {@code etcd} in parallel; each takes its own lease, and on failure none is left running. */
    static List<KubeCluster> startAll(EnvtestBinaries binaries, Etcd etcd, List<String> names, boolean shared) {
        ExecutorService pool = Executors.newFixedThreadPool(names.size(), task -> {
            Thread thread = new Thread(task, "start-kube-apiserver");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<KubeCluster>> starts = new ArrayList<>();
            for (String name : names) {
                starts.add(pool.submit(() -> startOn(binaries, etcd, name, shared)));
            }
            List<KubeCluster> clusters = new ArrayList<>();
            RuntimeException failure = null;
            for (Future<KubeCluster> start : starts) {
                try {
                    clusters.add(start.get());
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                            : new IllegalStateException(e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                }
            }
            if (failure != null) {
                clusters.forEach(KubeCluster::stop);
                throw failure;
            }
            return List.copyOf(clusters);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting kube-apiservers " + names, e);
        } finally {
            pool.shutdown();
        }
    }

    static KubeCluster startOn(EnvtestBinaries binaries, Etcd etcd, String name, boolean shared) {
        etcd.lease();
        try {
            String prefix = "/clusters/" + name + "-" + SEQUENCE.incrementAndGet();
            KubeApiServer server = KubeApiServer.start(binaries, etcd, name, prefix);
            try {
                return new KubeCluster(name, etcd, server, shared);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        } catch (RuntimeException e) {
            etcd.release();
            throw e;
        }
    }

    static List<String> checkNames(String... names) {
        if (names == null || names.length == 0) {
            throw new IllegalArgumentException("give at least one cluster name");
        }
        HashSet<String> seen = new HashSet<>();
        for (String name : names) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("cluster name '" + name + "' is not usable: use 1-40 lower-case "
                        + "letters, digits and '-', starting and ending with a letter or digit");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("cluster name '" + name + "' is given twice");
            }
        }
        return List.of(names);
    }
}
