package io.shiplog.local;

import io.shiplog.local.git.GitServer;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.kube.KubeOptions;
import io.shiplog.local.oci.ContainerRegistry;
import io.shiplog.local.oci.RegistryOptions;
import io.shiplog.local.postgres.PostgresServer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The main class {@link LocalInfrastructureExitIT} runs in a child JVM: it starts, on one data directory, every
 * component with child processes that {@code shiplog dev} runs (etcd and an API server, the registry, the git
 * server) and, with {@code --postgres}, PostgreSQL; prints {@value #READY}; then waits to be stopped by a signal,
 * closing nothing itself: shutdown hooks and parent-death signals must do it.
 */
public final class InfrastructureJvm {

    static final String READY = "INFRASTRUCTURE READY";

    private InfrastructureJvm() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dataDir = Path.of(args[0]);
        try {
            KubeCluster.startMany(KubeOptions.ephemeral().withDataDir(dataDir.resolve("kube")), "demo");
            ContainerRegistry.start(RegistryOptions.defaults().withStorage(dataDir.resolve("registry")));
            GitServer.start(GitServer.Options.defaults().withDataDir(dataDir.resolve("git")));
            if (args.length > 1 && "--postgres".equals(args[1])) {
                PostgresServer.start();
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println(READY);
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
