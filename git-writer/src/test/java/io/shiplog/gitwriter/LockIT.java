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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** LockWorkload / UnlockWorkload commands on the real broker and git server. */
class LockIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    @RegisterExtension
    static final EventsLog log = EventsLog.perClass();

    @Test
    void aLockedWorkloadIgnoresNewTagsUntilItIsUnlockedAndThenTheNextTagUpdatesIt() throws Exception {
        String image = "registry.test/lock-" + SUFFIX + "/web";
        String original = Manifests.deployment("web", image + ":1.0.0", "semver:^1");
        ConfigRepo repo = ConfigRepo.create("lock", Map.of("apps/web.yaml", Manifests.bytes(original)));
        RunningWriter.Repo config = RunningWriter.Repo.of("lock", repo.httpUrl())
                .with("username", GitServer.shared().username()).with("password", GitServer.shared().password());
        try (RunningWriter writer = RunningWriter.start(List.of(config), Files.createTempDirectory("lock-it"),
                RunningWriter.newGroup())) {
            String lock = Kafka.lockWorkload("apps/web.yaml", true);
            ManifestsCommitted locked = log.awaitCommit(repo.httpUrl(), ManifestsCommitted.class,
                    c -> c.getCausingEventIds().contains(lock));
            String lockedText = original.replace("metadata:\n",
                    "metadata:\n  annotations:\n    shiplog.io/locked: \"true\"\n");
            assertThat(locked.getChanges()).isEmpty();
            assertThat(locked.getMessage()).startsWith("Lock Deployment/web").contains("by test-operator: incident");
            assertThat(text(repo)).isEqualTo(lockedText);

            String tag = Kafka.tagDiscovered(image, "1.1.0");
            UpdateSkipped skipped = log.awaitCommit(repo.httpUrl(), UpdateSkipped.class,
                    s -> s.getRepository().equals(image) && s.getTag().equals("1.1.0"));
            assertThat(skipped.getReason()).isEqualTo(SkipReason.LOCKED);
            assertThat(repo.head()).isEqualTo(locked.getSha());
            assertThat(text(repo)).isEqualTo(lockedText);

            String unlock = Kafka.lockWorkload("apps/web.yaml", false);
            ManifestsCommitted unlocked = log.awaitCommit(repo.httpUrl(), ManifestsCommitted.class,
                    c -> c.getCausingEventIds().contains(unlock));
            assertThat(unlocked.getParentSha()).isEqualTo(locked.getSha());
            assertThat(text(repo)).isEqualTo(original);

            String next = Kafka.tagDiscovered(image, "1.2.0");
            ManifestsCommitted updated = log.awaitCommit(repo.httpUrl(), ManifestsCommitted.class,
                    c -> c.getCausingEventIds().contains(next));
            assertThat(updated.getParentSha()).isEqualTo(unlocked.getSha());
            assertThat(text(repo)).isEqualTo(original.replace(image + ":1.0.0", image + ":1.2.0"));
            assertThat(tag).isNotEqualTo(next);
        }
    }

    private static String text(ConfigRepo repo) {
        return new String(repo.read("apps/web.yaml").orElseThrow(), StandardCharsets.UTF_8);
    }
}
