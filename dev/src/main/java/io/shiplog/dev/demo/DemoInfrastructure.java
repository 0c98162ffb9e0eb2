package io.shiplog.dev.demo;

import io.shiplog.dev.DataDir;
import io.shiplog.dev.fleet.FleetFileBuilder;
import io.shiplog.local.git.Author;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.kube.KubeOptions;
import io.shiplog.local.oci.ContainerRegistry;
import io.shiplog.local.oci.NotificationEndpoint;
import io.shiplog.local.oci.RegistryOptions;
import io.shiplog.local.support.TempDirs;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
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

    private final ContainerRegistry registry;
    private final GitServer git;
    private final List<KubeCluster> clusters;
    private final Path fleetFile;

    private DemoInfrastructure(ContainerRegistry registry, GitServer git, List<KubeCluster> clusters,
                               Path fleetFile) {
        this.registry = registry;
        this.git = git;
        this.clusters = clusters;
        this.fleetFile = fleetFile;
    }

    /**
     * Starts the registry (notifying {@code scannerWebhook}), the git server and the API servers in {@code data},
     * seeds the demo repository on first use and writes the fleet file. Ports 0 pick free ones.
     */
    public static DemoInfrastructure start(DataDir data, int registryPort, int gitPort, URI scannerWebhook) {
        String token = randomToken();
        List<AutoCloseable> started = new ArrayList<>();
        try {
            ContainerRegistry registry = ContainerRegistry.start(RegistryOptions.defaults().withoutAuth()
                    .withoutReceiver().withStorage(data.registry()).withPort(registryPort)
                    .withEndpoint(NotificationEndpoint.of(scannerWebhook)
                            .withHeader("Authorization", "Bearer " + token)));
            started.add(registry);
            GitServer git = GitServer.start(GitServer.Options.defaults().withDataDir(data.git())
                    .withHttpPort(gitPort));
            started.add(git);
            List<KubeCluster> clusters = KubeCluster.startMany(new KubeOptions(data.kube()),
                    DemoRepository.CLUSTERS.toArray(String[]::new));
            started.addAll(clusters);
            seedOnFirstUse(git, registry.host());
            Path fleet = writeFleet(data, registry, git, clusters, token);
            return new DemoInfrastructure(registry, git, clusters, fleet);
        } catch (RuntimeException e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    private static void seedOnFirstUse(GitServer git, String registryHost) {
        if (Files.isDirectory(git.repositoryDirectory(DemoRepository.NAME))) {
            return;
        }
        git.createRepository(DemoRepository.NAME);
        Path work = TempDirs.create("demo-repository");
        try {
            DemoRepository.writeTo(work, registryHost);
            git.seed(DemoRepository.NAME, work, "Demo application, declared four ways");
        } finally {
            TempDirs.deleteQuietly(work);
        }
    }

    private static Path writeFleet(DataDir data, ContainerRegistry registry, GitServer git,
                                   List<KubeCluster> clusters, String token) {
        FleetFileBuilder fleet = new FleetFileBuilder()
                .registry(new FleetFileBuilder.Registry(registry.host(), registry.url().toString(), null, null))
                .repository(new FleetFileBuilder.Repository(DemoRepository.NAME, git.httpUrl(DemoRepository.NAME),
                        "main", git.username(), git.password()))
                .registryWebhookToken(token);
        for (KubeCluster cluster : clusters) {
            fleet.cluster(new FleetFileBuilder.Cluster(cluster.name(), DemoRepository.NAME,
                    cluster.kubeconfigPath(), DemoRepository.pathsOf(cluster.name()), HEALTH_TIMEOUT,
                    Duration.ofMinutes(5), "report"));
        }
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
        for (KubeCluster cluster : clusters) {
            cluster.close();
        }
        git.close();
        registry.close();
    }
}
