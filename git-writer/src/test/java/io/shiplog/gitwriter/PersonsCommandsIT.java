package io.shiplog.gitwriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.events.ManifestsCommitted;
import io.shiplog.events.UpdateSkipped;
import io.shiplog.gitwriter.support.ConfigRepo;
import io.shiplog.gitwriter.support.EventsLog;
import io.shiplog.gitwriter.support.Kafka;
import io.shiplog.gitwriter.support.Manifests;
import io.shiplog.gitwriter.support.RunningWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A person's command ({@code shiplog release}, lock, rollback) is judged on the branch as it is when the command
 * arrives, not as git-writer last fetched it: someone who pushes a manifest and releases to it at once is not told
 * that no manifest uses the image.
 */
class PersonsCommandsIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    @RegisterExtension
    static final EventsLog log = EventsLog.perClass();

    @Test
    void aReleaseRightAfterSomeonePushedTheManifestUsingTheImageIsCommittedOnTopOfThatPush() throws Exception {
        String web = "registry.test/fresh-" + SUFFIX + "/web";
        String worker = "registry.test/fresh-" + SUFFIX + "/worker";
        ConfigRepo repo = ConfigRepo.create("fresh", Map.of("apps/web.yaml",
                Manifests.bytes(Manifests.deployment("web", web + ":1.0.0", "semver:^1"))));
        // fetching once an hour: only the command itself can make git-writer look at the branch again
        try (RunningWriter writer = RunningWriter.start(List.of(RunningWriter.Repo.http("fresh", repo)
                        .with("fetch-interval", "1h")), Files.createTempDirectory("persons-commands-it"),
                RunningWriter.newGroup())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !log.watchlistEvents(web).isEmpty());
            String pushed = repo.seed(Map.of("apps/worker.yaml",
                    Manifests.bytes(Manifests.deployment("worker", worker + ":1.0.0", "semver:^1"))), "add worker");

            String release = Kafka.releaseImage(worker, "1.1.0", false);
            ManifestsCommitted committed = log.awaitCommit(repo.httpUrl(), ManifestsCommitted.class,
                    c -> c.getCausingEventIds().contains(release));

            assertThat(new String(repo.read("apps/worker.yaml").orElseThrow(), StandardCharsets.UTF_8))
                    .contains(worker + ":1.1.0");
            assertThat(repo.head()).isEqualTo(committed.getSha());
            assertThat(repo.log().get(1).sha()).as("committed on top of the push").isEqualTo(pushed);
            assertThat(log.commits(repo.httpUrl(), UpdateSkipped.class))
                    .noneMatch(skipped -> worker.equals(skipped.getRepository()));
        }
    }
}
