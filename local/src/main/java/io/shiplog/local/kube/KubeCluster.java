package io.shiplog.local.kube;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import io.shiplog.local.support.ShutdownHooks;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
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
 *
 * <p>{@link #startMany(KubeOptions, String...)} with a data directory keeps state across runs (layout in
 * {@link KubeOptions}): etcd's data and each API server's files stay, a cluster stores under the etcd prefix
 * {@code /clusters/<name>} and finds its objects again when started under the same name on the same directory, and
 * {@link #kubeconfigPath()} is the stable {@code <dataDir>/<name>/kubeconfig}, rewritten at each start. What may
 * change between runs: the port (the previous one is taken again when it is free, else a free one; the kubeconfig
 * always names the current one). What does not: the admin token, the service-account keys and the serving
 * certificate with its CA, which kube-apiserver generates on the first start and reuses; a certificate that is
 * unreadable or expires within a day (they last a year) is regenerated, and deleting {@code <dataDir>/<name>/certs}
 * forces that. Closing keeps every file.
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
        this.kubeconfig = Kubeconfig.write(server.dir().resolve(Kubeconfig.FILE_NAME), name, server.url(),
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

    /** Starts one cluster per name, in parallel, all on one new etcd with distinct prefixes; nothing is kept. */
    public static List<KubeCluster> startMany(String... names) {
        return startMany(KubeOptions.ephemeral(), names);
    }

    /**
     * Starts one cluster per name, in parallel, all on one new etcd with distinct prefixes, keeping their state in
     * {@link KubeOptions#dataDir()} when it is given (then the name {@code etcd} is reserved). The etcd stops when
     * the last of these clusters is closed.
     */
    public static List<KubeCluster> startMany(KubeOptions options, String... names) {
        Objects.requireNonNull(options, "options");
        List<String> checked = checkNames(names);
        if (options.dataDir() != null && checked.contains(KubeOptions.ETCD_DIR)) {
            throw new IllegalArgumentException("cluster name '" + KubeOptions.ETCD_DIR + "' is reserved with a data "
                    + "directory: " + options.dataDir().resolve(KubeOptions.ETCD_DIR) + " holds etcd's data");
        }
        EnvtestBinaries binaries = EnvtestBinaries.locate();
        Etcd etcd = Etcd.start(binaries, options.dataDir());
        try {
            return startAll(binaries, etcd, checked, false, options);
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

    /**
     * A kubeconfig with one cluster, user (admin token) and context, all named after this cluster, and current; at
     * {@code <dataDir>/<name>/kubeconfig} for clusters started with a data directory.
     */
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

    /**
     * Stops the API server (and etcd when no other cluster uses it) and removes scratch files unless they are in a
     * data directory; shared clusters stay.
     */
    @Override
    public void close() {
        if (shared) {
            return;
        }
        stop();
        ShutdownHooks.remove(shutdownHook);
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

    static List<KubeCluster> startAll(EnvtestBinaries binaries, Etcd etcd, List<String> names, boolean shared) {
        return startAll(binaries, etcd, names, shared, KubeOptions.ephemeral());
    }

    /** Starts clusters on {@code etcd} in parallel; each takes its own lease, and on failure none is left running. */
    static List<KubeCluster> startAll(EnvtestBinaries binaries, Etcd etcd, List<String> names, boolean shared,
                                      KubeOptions options) {
        ExecutorService pool = Executors.newFixedThreadPool(names.size(), task -> {
            Thread thread = new Thread(task, "start-kube-apiserver");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<KubeCluster>> starts = new ArrayList<>();
            for (String name : names) {
                starts.add(pool.submit(() -> startOn(binaries, etcd, name, shared, options)));
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
        return startOn(binaries, etcd, name, shared, KubeOptions.ephemeral());
    }

    /**
     * Starts one cluster on {@code etcd}: with a data directory under the stable prefix {@code /clusters/<name>},
     * else under a prefix unique in this JVM.
     */
    static KubeCluster startOn(EnvtestBinaries binaries, Etcd etcd, String name, boolean shared,
                               KubeOptions options) {
        etcd.lease();
        try {
            String prefix = options.dataDir() != null ? "/clusters/" + name
                    : "/clusters/" + name + "-" + SEQUENCE.incrementAndGet();
            KubeApiServer server = KubeApiServer.start(binaries, etcd, name, prefix, options.clusterDir(name));
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
