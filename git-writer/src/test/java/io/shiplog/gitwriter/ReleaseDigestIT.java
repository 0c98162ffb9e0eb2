package io.shiplog.gitwriter;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.events.ManifestsCommitted;
import io.shiplog.events.SkipReason;
import io.shiplog.events.UpdateSkipped;
import io.shiplog.gitwriter.support.ConfigRepo;
import io.shiplog.gitwriter.support.EventsLog;
import io.shiplog.gitwriter.support.Kafka;
import io.shiplog.gitwriter.support.Manifests;
import io.shiplog.gitwriter.support.RunningWriter;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.oci.ContainerRegistry;
import io.shiplog.local.oci.PushedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ReleaseImage} to a digest is validated where it is executed: git-writer asks the real registry (with its
 * credentials) for the manifest by digest, commits a digest the registry has, and refuses a forged one with
 * {@code UpdateSkipped UNKNOWN_DIGEST} naming it, committing nothing.
 */
class ReleaseDigestIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    @RegisterExtension
    static final EventsLog log = EventsLog.perClass();

    @Test
    void aReleaseToADigestTheRegistryHasIsCommittedAndAForgedDigestIsRefusedCommittingNothing() throws Exception {
        ContainerRegistry registry = ContainerRegistry.shared();
        String path = "release-digest-" + SUFFIX + "/web";
        String image = registry.host() + "/" + path;
        PushedImage pushed = registry.pusher().push(path, "1.2.0");
        String original = Manifests.deployment("web", image + ":1.0.0", "semver:^1");
        ConfigRepo repo = ConfigRepo.create("release-digest", Map.of("apps/web.yaml", Manifests.bytes(original)));
        RunningWriter.Repo config = RunningWriter.Repo.http("release-digest", repo);
        try (RunningWriter writer = RunningWriter.start(List.of(config), Files.createTempDirectory("digest-it"),
                RunningWriter.newGroup(),
                "--shiplog.git-writer.registries[0].host=" + registry.host(),
                "--shiplog.git-writer.registries[0].url=" + registry.url(),
                "--shiplog.git-writer.registries[0].username=" + registry.username(),
                "--shiplog.git-writer.registries[0].password=" + registry.password())) {
            String release = Kafka.releaseImage(image, "1.2.0", pushed.digest());
            ManifestsCommitted committed = log.awaitCommit(repo.httpUrl(), ManifestsCommitted.class,
                    c -> c.getCausingEventIds().contains(release));
            assertThat(text(repo)).contains(image + ":1.2.0").contains(pushed.digest());

            String forged = "sha256:" + "0".repeat(64);
            String refused = Kafka.releaseImage(image, "1.3.0", forged);
            UpdateSkipped skipped = log.awaitCommit(repo.httpUrl(), UpdateSkipped.class,
                    s -> s.getDigest() != null && s.getDigest().equals(forged));

            assertThat(skipped.getReason()).isEqualTo(SkipReason.UNKNOWN_DIGEST);
            assertThat(skipped.getTag()).isEqualTo("1.3.0");
            assertThat(skipped.getDetail()).isEqualTo("digest " + forged + " is not a manifest of " + image + " ("
                    + registry.url().toString().replaceAll("/$", "") + " answered 404)")
                    .doesNotContain(registry.password());
            assertThat(repo.head()).isEqualTo(committed.getSha());
            assertThat(text(repo)).contains(image + ":1.2.0").doesNotContain("1.3.0").doesNotContain(forged);
            assertThat(log.commits(repo.httpUrl(), ManifestsCommitted.class))
                    .noneMatch(c -> c.getCausingEventIds().contains(refused));
        }
    }

    private static String text(ConfigRepo repo) {
        return new String(repo.read("apps/web.yaml").orElseThrow(), StandardCharsets.UTF_8);
    }
}
