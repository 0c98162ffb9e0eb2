package io.shiplog.dev.demo;

import io.shiplog.dev.data.DataDir;
import io.shiplog.dev.fleet.FleetFileBuilder;
import io.shiplog.local.git.Author;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.kube.KubeOptions;
import io.shiplog.local.net.TcpProxy;
import io.shiplog.local.oci.ContainerRegistry;
import io.shiplog.local.oci.NotificationEndpoint;
import io.shiplog.local.oci.RegistryOptions;
import io.shiplog.local.support.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the demo releases into, all real and on loopback: a container registry whose push notifications go to the
 * scanner's webhook, a git server holding the {@link DemoRepository}, and one API server per demo cluster (no
 * controller-manager: workloads are stored, never run). Their state lives in the data directory; the fleet file
 * naming them is written there at every start ({@link #fleetFile()}).
 */
public final class DemoInfrastructure implements AutoCloseable {

    /**
     * How long the applier waits for workloads to become healthy: zero (check once), because the demo's API servers
     * have no controller-manager, so a Deployment never reports ready and every apply would wait for the whole
     * timeout.
     */
    public static final Duration HEALTH_TIMEOUT = Duration.ZERO;

    /**
     * What the demo runs.
     *
     * @param clusters      the clusters' names ({@code dev-a}, {@code dev-b} for the demo)
     * @param faultSwitches put a relay in front of each API server that {@link #faultSwitch} can block, making the
     *                      cluster unreachable for the services (tests); without, the services reach them directly
     * @param driftModes    drift mode by cluster name ({@code report} for the others)
     */
    public record Options(List<String> clusters, boolean faultSwitches, Map<String, String> driftModes) {

        public Options {
            clusters = List.copyOf(clusters);
            driftModes = Map.copyOf(driftModes);
        }

        /** The demo's: two clusters reached directly, drift reported. */
        public static Options demo() {
            return new Options(DemoRepository.CLUSTERS, false, Map.of());
        }
    }

    private final ContainerRegistry registry;
    private final GitServer git;
    private final List<KubeCluster> clusters;
    private final Map<String, TcpProxy> switches;
    private final Path fleetFile;

    private DemoInfrastructure(ContainerRegistry registry, GitServer git, List<KubeCluster> clusters,
                               Map<String, TcpProxy> switches, Path fleetFile) {
        this.registry = registry;
        this.git = git;
        this.clusters = clusters;
        this.switches = switches;
        this.fleetFile = fleetFile;
    }

    /**
     * Starts the registry (notifying {@code scannerWebhook}), the git server and the API servers in {@code data},
     * seeds the demo repository on first use and writes the fleet file. Ports 0 pick free ones.
     */
    public static DemoInfrastructure start(DataDir data, Options options, int registryPort, int gitPort,
                                           URI scannerWebhook) {
        String token = randomToken();
        List<AutoCloseable> started = new ArrayList<>();
        try {
            ContainerRegistry registry = ContainerRegistry.start(RegistryOptions.defaults().withoutAuth()
                    .withoutReceiver().withStorage(data.registry()).withPort(registryPort)
                    .withEndpoint(NotificationEndpoint.of(scannerWebhook)
                            .withHeader("Authorization", "Bearer " + token).pushesOnly()));
            started.add(registry);
            GitServer git = GitServer.start(GitServer.Options.defaults().withDataDir(data.git())
                    .withHttpPort(gitPort));
            started.add(git);
            List<KubeCluster> clusters = KubeCluster.startMany(new KubeOptions(data.kube()),
                    options.clusters().toArray(String[]::new));
            started.addAll(clusters);
            Map<String, TcpProxy> switches = new LinkedHashMap<>();
            Map<String, Path> kubeconfigs = new LinkedHashMap<>();
            for (KubeCluster cluster : clusters) {
                Path kubeconfig = cluster.kubeconfigPath();
                if (options.faultSwitches()) {
                    TcpProxy proxy = new TcpProxy(cluster.serverUrl().getPort());
                    started.add(proxy);
                    switches.put(cluster.name(), proxy);
                    kubeconfig = viaSwitch(cluster, proxy);
                }
                kubeconfigs.put(cluster.name(), kubeconfig);
            }
            seedOnFirstUse(git, registry.host(), options.clusters());
            Path fleet = writeFleet(data, options, registry, git, kubeconfigs, token);
            return new DemoInfrastructure(registry, git, clusters, switches, fleet);
        } catch (IOException e) {
            closeAll(started, new UncheckedIOException(e));
            throw new UncheckedIOException("cannot start the demo's fault switches", e);
        } catch (RuntimeException e) {
            closeAll(started, e);
            throw e;
        }
    }

    private static void closeAll(List<AutoCloseable> started, RuntimeException failure) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception closing) {
                failure.addSuppressed(closing);
            }
        }
    }

    /** The cluster's kubeconfig with the relay's port instead of the API server's. */
    private static Path viaSwitch(KubeCluster cluster, TcpProxy proxy) throws IOException {
        Path file = cluster.kubeconfigPath().resolveSibling("kubeconfig-via-switch");
        String text = Files.readString(cluster.kubeconfigPath());
        return Files.writeString(file, text.replace(cluster.serverUrl().toString(), "https://127.0.0.1:"
                + proxy.port()));
    }

    private static void seedOnFirstUse(GitServer git, String registryHost, List<String> clusters) {
        if (Files.isDirectory(git.repositoryDirectory(DemoRepository.NAME))) {
            return;
        }
        git.createRepository(DemoRepository.NAME);
        Path work = TempDirs.create("demo-repository");
        try {
            DemoRepository.writeTo(work, registryHost, clusters);
            git.seed(DemoRepository.NAME, work, "Demo application, declared four ways");
        } finally {
            TempDirs.deleteQuietly(work);
        }
    }

    private static Path writeFleet(DataDir data, Options options, ContainerRegistry registry, GitServer git,
                                   Map<String, Path> kubeconfigs, String token) {
        FleetFileBuilder fleet = new FleetFileBuilder()
                .registry(new FleetFileBuilder.Registry(registry.host(), registry.url().toString(), null, null))
                .repository(new FleetFileBuilder.Repository(DemoRepository.NAME, git.httpUrl(DemoRepository.NAME),
                        "main", git.username(), git.password()))
                .registryWebhookToken(token);
        kubeconfigs.forEach((name, kubeconfig) -> fleet.cluster(new FleetFileBuilder.Cluster(name,
                DemoRepository.NAME, kubeconfig, DemoRepository.pathsOf(name), HEALTH_TIMEOUT, Duration.ofMinutes(5),
                options.driftModes().getOrDefault(name, "report"))));
        return fleet.writeTo(data.fleetFile());
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public ContainerRegistry registry() {
        return registry;
    }

    /** The demo image's repository: {@code <registry host>/demo/app}. */
    public String image() {
        return registry.host() + "/" + DemoRepository.IMAGE;
    }

    public GitServer git() {
        return git;
    }

    public List<KubeCluster> clusters() {
        return clusters;
    }

    /** The cluster names, as in the fleet file and the release log. */
    public List<String> clusterNames() {
        return clusters.stream().map(KubeCluster::name).toList();
    }

    public Path fleetFile() {
        return fleetFile;
    }

    /** The relay in front of a cluster's API server (with fault switches): block it to take the cluster away. */
    public TcpProxy faultSwitch(String cluster) {
        TcpProxy proxy = switches.get(cluster);
        if (proxy == null) {
            throw new IllegalArgumentException("cluster " + cluster + " has no fault switch");
        }
        return proxy;
    }

    /** The head of the demo repository's branch. */
    public String head() {
        return git.head(DemoRepository.NAME, "main").orElseThrow();
    }

    /** Commits a change to the demo repository as a person would (not Shiplog). */
    public String commitAsPerson(Map<String, String> files, String message) {
        return git.commit(DemoRepository.NAME, files, message, new Author("Dev Person", "dev@shiplog.invalid"));
    }

    @Override
    public void close() {
        switches.values().forEach(TcpProxy::close);
        for (KubeCluster cluster : clusters) {
            cluster.close();
        }
        git.close();
        registry.close();
    }
}
