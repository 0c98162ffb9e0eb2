package io.shiplog.cli;

import io.shiplog.applier.support.AppliesLog;
import io.shiplog.applier.support.ClusterConfig;
import io.shiplog.applier.support.ConfigRepo;
import io.shiplog.applier.support.Kafka;
import io.shiplog.applier.support.Manifests;
import io.shiplog.applier.support.RunningApplier;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.gitwriter.support.RunningWriter;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kube.KubeCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a release or a rollback acts on: a config repository holding one Deployment whose image follows
 * {@code semver:^1}, applied at 1.0.0 by a running cluster-applier to the shared API server, and a git-writer running
 * on the repository that knows the cluster and its path {@code apps} (as the fleet file tells it).
 */
public final class ReleaseStack implements AutoCloseable {

    public final ConfigRepo repo;
    private final RunningApplier applier;
    private final RunningWriter writer;

    private ReleaseStack(ConfigRepo repo, RunningApplier applier, RunningWriter writer) {
        this.repo = repo;
        this.applier = applier;
        this.writer = writer;
    }

    /** Starts the applier, waits until it applied the seed commit to {@code cluster}, then starts git-writer. */
    public static ReleaseStack start(String name, String cluster, String namespace, String image,
                                     String... writerArguments) throws IOException {
        ConfigRepo repo = ConfigRepo.create(GitServer.shared(), name, Kafka.events());
        RunningApplier applier;
        try (AppliesLog log = new AppliesLog()) {
            applier = RunningApplier.start(Map.of("config", repo.url()),
                    List.of(ClusterConfig.of(cluster, "config", KubeCluster.shared().kubeconfigPath(), "apps")));
            String seed = repo.push(Map.of("apps/namespace.yaml", Manifests.namespace(namespace), "apps/web.yaml",
                    Manifests.deployment(namespace, "web", image + ":1.0.0").replace(image + ":1.0.0",
                            image + ":1.0.0 # {\"$shiplog\": \"semver:^1\"}")));
            log.awaitCompleted(cluster, seed, ApplyTrigger.COMMIT);
        }
        RunningWriter writer = RunningWriter.start(List.of(RunningWriter.Repo.of("config", repo.url())
                        .with("username", GitServer.shared().username())
                        .with("password", GitServer.shared().password())),
                Files.createTempDirectory(name + "-writer"), RunningWriter.newGroup(), withCluster(cluster,
                        writerArguments));
        return new ReleaseStack(repo, applier, writer);
    }

    private static String[] withCluster(String cluster, String... writerArguments) {
        List<String> all = new ArrayList<>(List.of("--shiplog.git-writer.clusters[0].name=" + cluster,
                "--shiplog.git-writer.clusters[0].repository=config", "--shiplog.git-writer.clusters[0].paths[0]=apps"));
        all.addAll(List.of(writerArguments));
        return all.toArray(String[]::new);
    }

    @Override
    public void close() {
        writer.close();
        applier.close();
    }
}
