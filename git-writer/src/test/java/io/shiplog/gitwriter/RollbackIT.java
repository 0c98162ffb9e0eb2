package io.shiplog.gitwriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.events.DeadLetter;
import io.shiplog.events.FileChange;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.events.Meta;
import io.shiplog.events.RollbackCluster;
import io.shiplog.events.SkipReason;
import io.shiplog.events.UpdateSkipped;
import io.shiplog.gitwriter.support.ConfigRepo;
import io.shiplog.gitwriter.support.EventsLog;
import io.shiplog.gitwriter.support.Kafka;
import io.shiplog.gitwriter.support.Manifests;
import io.shiplog.gitwriter.support.RunningWriter;
import io.shiplog.local.git.GitServer;
import io.shiplog.schemas.testing.Envelopes;
import io.shiplog.schemas.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RollbackCluster commands on the real broker and git server, with git-writer running. */
class RollbackIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    @RegisterExtension
    static final EventsLog log = EventsLog.perClass();

    @Test
    void aRollbackCommitsTheFirstReleasesImageBackLocksTheWorkloadAndLeavesOtherClustersAlone() throws Exception {
        String image = "registry.test/rollback-" + SUFFIX + "/web";
        String cluster = "prod-" + SUFFIX;
        String prod = Manifests.deployment("web", image + ":1.0.0", "semver:^1");
        String staging = Manifests.deployment("web", image + ":1.0.0", "semver:^1");
        ConfigRepo repo = ConfigRepo.create("rollback", Map.of("clusters/prod/web.yaml", Manifests.bytes(prod),
                "clusters/staging/web.yaml", Manifests.bytes(staging)));
        try (RunningWriter writer = start(repo, cluster)) {
            ManifestsCommitted first = release(repo, image, "1.1.0");
            ManifestsCommitted second = release(repo, image, "1.2.0");
            assertThat(second.getParentSha()).isEqualTo(first.getSha());

            RollbackCluster request = RollbackCluster.newBuilder().setCluster(cluster).setToCommitSha(first.getSha())
                    .setRequestedBy("ada").setReason("1.2.0 breaks checkout").build();
            Meta meta = Envelopes.meta(Instant.now());
            TestKafka.publish(cluster, meta, request);
            String command = meta.getEventId();
            ManifestsCommitted rollback = log.awaitCommit(repo.httpUrl(), ManifestsCommitted.class,
                    c -> c.getCausingEventIds().contains(command));

            assertThat(rollback.getParentSha()).isEqualTo(second.getSha());
            assertThat(rollback.getMessage()).startsWith("Roll back cluster " + cluster + " to "
                    + first.getSha().substring(0, 12)).contains("Rollback of cluster " + cluster + " to "
                    + first.getSha() + " (commit " + first.getSha() + ") requested by ada: 1.2.0 breaks checkout")
                    .contains("clusters/prod/web.yaml: " + image + ":1.2.0 -> " + image + ":1.1.0");
            assertThat(rollback.getChanges()).singleElement().satisfies(change -> {
                assertThat(change.getPath()).isEqualTo("clusters/prod/web.yaml");
                assertThat(change.getTo()).isEqualTo(image + ":1.1.0");
            });
            String lockedAtFirst = locked(prod.replace(image + ":1.0.0", image + ":1.1.0"));
            assertThat(text(repo, "clusters/prod/web.yaml")).isEqualTo(lockedAtFirst);
            assertThat(text(repo, "clusters/staging/web.yaml"))
                    .isEqualTo(staging.replace(image + ":1.0.0", image + ":1.2.0"));

            ManifestsCommitted third = release(repo, image, "1.3.0");
            assertThat(third.getChanges()).extracting(FileChange::getPath)
                    .containsExactly("clusters/staging/web.yaml");
            assertThat(text(repo, "clusters/prod/web.yaml")).isEqualTo(lockedAtFirst);

            String unlock = Kafka.lockWorkload("clusters/prod/web.yaml", false);
            log.awaitCommit(repo.httpUrl(), ManifestsCommitted.class, c -> c.getCausingEventIds().contains(unlock));
            ManifestsCommitted fourth = release(repo, image, "1.4.0");
            assertThat(text(repo, "clusters/prod/web.yaml")).isEqualTo(prod.replace(image + ":1.0.0",
                    image + ":1.4.0"));

            TestKafka.publish(cluster, meta, request);
            UpdateSkipped again = log.awaitCommit(repo.httpUrl(), UpdateSkipped.class,
                    s -> s.getRepository().equals(cluster));
            assertThat(again.getReason()).isEqualTo(SkipReason.ALREADY_CURRENT);
            assertThat(again.getDetail()).endsWith("already done by commit " + rollback.getSha()
                    + " (this command was read again)");
            assertThat(repo.head()).isEqualTo(fourth.getSha());
        }
    }

    @Test
    void rollbacksToATimeAndToAReleaseFindTheirCommitsAndUnusableOnesAreReportedWhileTheServiceGoesOn()
            throws Exception {
        String image = "registry.test/rollback-release-" + SUFFIX + "/api";
        String cluster = "eu-" + SUFFIX;
        String api = Manifests.deployment("api", image + ":2.0.0", "semver:^2");
        ConfigRepo repo = ConfigRepo.create("rollback-release", Map.of("apps/api.yaml", Manifests.bytes(api)));
        try (RunningWriter writer = start(repo, cluster)) {
            Instant beforeReleases = Instant.now();
            Thread.sleep(1_100); // git keeps whole seconds: the first release's commit is then after beforeReleases
            String firstRelease = Kafka.tagDiscovered(image, "2.1.0");
            ManifestsCommitted first = log.awaitCommit(repo.httpUrl(), ManifestsCommitted.class,
                    c -> c.getCausingEventIds().contains(firstRelease));
            release(repo, image, "2.2.0");

            String unknown = TestKafka.publish("nowhere", RollbackCluster.newBuilder().setCluster("nowhere-" + SUFFIX)
                    .setToCommitSha(first.getSha()).setRequestedBy("ada").build());
            String twoTargets = TestKafka.publish(cluster, RollbackCluster.newBuilder().setCluster(cluster)
                    .setToCommitSha(first.getSha()).setToRelease(firstRelease).setRequestedBy("ada").build());
            String elsewhere = "0123456789abcdef0123456789abcdef01234567";
            TestKafka.publish(cluster, RollbackCluster.newBuilder().setCluster(cluster).setToCommitSha(elsewhere)
                    .setRequestedBy("ada").build());
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(log.deadLetters())
                    .extracting(DeadLetter::getReason)
                    .anySatisfy(r -> assertThat(r).contains("unknown cluster 'nowhere-" + SUFFIX + "'"))
                    .anySatisfy(r -> assertThat(r).contains("rollback of cluster '" + cluster
                            + "' needs exactly one of toCommitSha, toTime and toRelease, got 2")));
            UpdateSkipped refused = log.awaitCommit(repo.httpUrl(), UpdateSkipped.class,
                    s -> s.getRepository().equals(cluster));
            assertThat(refused.getReason()).isEqualTo(SkipReason.OTHER);
            assertThat(refused.getDetail()).isEqualTo("rollback of cluster " + cluster + " to commit " + elsewhere
                    + " refused: commit " + elsewhere + " is not on branch main of " + name(repo));
            assertThat(unknown).isNotEqualTo(twoTargets);

            String toTime = TestKafka.publish(cluster, RollbackCluster.newBuilder().setCluster(cluster)
                    .setToCommitSha("").setToTime(beforeReleases).setRequestedBy("bob").build());
            ManifestsCommitted toSeed = log.awaitCommit(repo.httpUrl(), ManifestsCommitted.class,
                    c -> c.getCausingEventIds().contains(toTime));
            assertThat(toSeed.getMessage()).contains("to " + first.getParentSha() + " (time "
                    + beforeReleases.truncatedTo(ChronoUnit.MILLIS) + ") requested by bob");
            assertThat(text(repo, "apps/api.yaml")).isEqualTo(locked(api));

            String command = TestKafka.publish(cluster, RollbackCluster.newBuilder().setCluster(cluster)
                    .setToCommitSha("").setToRelease(firstRelease).setRequestedBy("bob").build());
            ManifestsCommitted rollback = log.awaitCommit(repo.httpUrl(), ManifestsCommitted.class,
                    c -> c.getCausingEventIds().contains(command));
            assertThat(rollback.getMessage()).contains("to " + first.getSha() + " (release " + firstRelease
                    + ") requested by bob");
            assertThat(text(repo, "apps/api.yaml")).isEqualTo(locked(api.replace(image + ":2.0.0",
                    image + ":2.1.0")));
        }
    }

    /** The repository's configured name: its name on the git server. */
    private static String name(ConfigRepo repo) {
        return repo.httpUrl().replaceAll("/+$", "").replaceAll(".*/", "").replaceAll("\\.git$", "");
    }

    private static RunningWriter start(ConfigRepo repo, String cluster) throws Exception {
        String name = name(repo);
        RunningWriter.Repo config = RunningWriter.Repo.of(name, repo.httpUrl())
                .with("username", GitServer.shared().username()).with("password", GitServer.shared().password());
        return RunningWriter.start(List.of(config), Files.createTempDirectory("rollback-it"), RunningWriter.newGroup(),
                "--shiplog.git-writer.clusters[0].name=" + cluster,
                "--shiplog.git-writer.clusters[0].repository=" + name,
                "--shiplog.git-writer.clusters[0].paths[0]=clusters/prod",
                "--shiplog.git-writer.clusters[0].paths[1]=apps");
    }

    private static ManifestsCommitted release(ConfigRepo repo, String image, String tag) {
        String event = Kafka.tagDiscovered(image, tag);
        return log.awaitCommit(repo.httpUrl(), ManifestsCommitted.class,
                c -> c.getCausingEventIds().contains(event));
    }

    private static String locked(String manifest) {
        return manifest.replace("metadata:\n", "metadata:\n  annotations:\n    shiplog.io/locked: \"true\"\n");
    }

    private static String text(ConfigRepo repo, String path) {
        return new String(repo.read(path).orElseThrow(), StandardCharsets.UTF_8);
    }
}
