package io.shiplog.gitwriter;

import static io.shiplog.gitwriter.support.RunningWriter.Repo.http;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.events.CommitObserved;
import io.shiplog.events.FileChange;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.events.SkipReason;
import io.shiplog.events.UpdateSkipped;
import io.shiplog.gitwriter.support.ConfigRepo;
import io.shiplog.gitwriter.support.EventsLog;
import io.shiplog.gitwriter.support.Kafka;
import io.shiplog.gitwriter.support.Manifests;
import io.shiplog.gitwriter.support.RunningWriter;
import io.shiplog.local.git.Author;
import io.shiplog.local.git.GitCommit;
import io.shiplog.local.git.GitServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One commit per batch, a push race with a human, and replaying the whole image log. */
class BatchAndRaceIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    @RegisterExtension
    static final EventsLog log = EventsLog.perClass();

    @Test
    void fiftyTagEventsThatArriveTogetherMakeOneCommitAcrossFiftyFiles() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            files.put("apps/svc-" + i + ".yaml", Manifests.bytes(Manifests.deployment("svc-" + i,
                    "registry.test/batch-" + SUFFIX + "/svc-" + i + ":1.0.0", "semver:^1.0")));
        }
        ConfigRepo repo = ConfigRepo.create("batch", files);
        String seed = repo.head();
        for (int i = 0; i < 50; i++) {
            Kafka.tagDiscovered("registry.test/batch-" + SUFFIX + "/svc-" + i, "1.0.1");
        }

        try (RunningWriter writer = RunningWriter.start(List.of(http("batch", repo)),
                Files.createTempDirectory("batch-it"), RunningWriter.newGroup())) {
            ManifestsCommitted committed = log.awaitCommit(repo.httpUrl(), ManifestsCommitted.class, c -> true);

            assertThat(committed.getChanges()).hasSize(50);
            assertThat(committed.getCausingEventIds()).hasSize(50);
            List<GitCommit> history = repo.log();
            assertThat(history).hasSize(2);
            assertThat(history.get(0).parents()).containsExactly(seed);
            assertThat(history.get(0).changedPaths()).hasSize(50);
            assertThat(new String(repo.read("apps/svc-7.yaml").orElseThrow(), StandardCharsets.UTF_8))
                    .isEqualTo(Manifests.deployment("svc-7", "registry.test/batch-" + SUFFIX + "/svc-7:1.0.1",
                            "semver:^1.0"));
        }
    }

    @Test
    void aHumanCommitPushedBetweenFetchAndPushIsKeptAndShiplogsChangeLandsOnTopOfIt() throws Exception {
        String image = "registry.test/race-" + SUFFIX + "/web";
        String original = Manifests.deployment("web", image + ":2.3.0", "semver:^2");
        ConfigRepo repo = ConfigRepo.create("race", Map.of("apps/web.yaml", Manifests.bytes(original),
                "README.md", Manifests.bytes("config\n")));
        try (RunningWriter writer = RunningWriter.start(List.of(http("race", repo).with("fetch-interval", "1h")),
                Files.createTempDirectory("race-it"), RunningWriter.newGroup())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !log.commits(repo.httpUrl(), CommitObserved.class)
                    .isEmpty());
            // the writer fetched; a human now pushes a change to the same file and another one
            String humanEdit = original.replace("replicas: 2  # keep two", "replicas: 5  # scaled by hand");
            String human = GitServer.shared().commit(repo.name(), Map.of("apps/web.yaml", humanEdit,
                    "README.md", "config, edited\n"), "scale web by hand", new Author("Ada", "ada@example.com"));

            String tagEvent = Kafka.tagDiscovered(image, "2.4.0");

            ManifestsCommitted committed = log.awaitCommit(repo.httpUrl(), ManifestsCommitted.class,
                    c -> c.getCausingEventIds().contains(tagEvent));
            assertThat(committed.getPushAttempts()).isEqualTo(2);
            assertThat(committed.getParentSha()).isEqualTo(human);
            List<GitCommit> history = repo.log();
            assertThat(history).extracting(GitCommit::sha).contains(human, committed.getSha());
            assertThat(history.get(0).sha()).isEqualTo(committed.getSha());
            assertThat(new String(repo.read("apps/web.yaml").orElseThrow(), StandardCharsets.UTF_8))
                    .isEqualTo(humanEdit.replace(image + ":2.3.0", image + ":2.4.0"));
            assertThat(new String(repo.read("README.md").orElseThrow(), StandardCharsets.UTF_8))
                    .isEqualTo("config, edited\n");
            assertThat(log.commits(repo.httpUrl(), CommitObserved.class)).extracting(CommitObserved::getSha)
                    .contains(human);
        }
    }

    @Test
    void replayingTheWholeImageLogFromTheStartMakesNoNewCommit() throws Exception {
        String image = "registry.test/replay-" + SUFFIX + "/api";
        ConfigRepo repo = ConfigRepo.create("replay", Map.of("apps/api.yaml",
                Manifests.bytes(Manifests.deployment("api", image + ":1.0.0", "semver:^1"))));
        List<String> events = new ArrayList<>();
        for (String tag : List.of("1.0.1", "1.1.0", "1.0.2")) {
            events.add(Kafka.tagDiscovered(image, tag));
        }
        try (RunningWriter writer = RunningWriter.start(List.of(http("replay", repo)),
                Files.createTempDirectory("replay-a"), RunningWriter.newGroup())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> new String(repo.read("apps/api.yaml").orElseThrow(),
                    StandardCharsets.UTF_8).contains(image + ":1.1.0"));
        }
        String head = repo.head();
        int commits = repo.log().size();

        try (RunningWriter replay = RunningWriter.start(List.of(http("replay", repo)),
                Files.createTempDirectory("replay-b"), RunningWriter.newGroup())) {
            for (String event : events) {
                UpdateSkipped skipped = log.awaitCommit(repo.httpUrl(), UpdateSkipped.class,
                        s -> s.getRepository().equals(image) && log.commitEnvelopes(repo.httpUrl()).stream()
                                .anyMatch(e -> e.getPayload() == s && event.equals(e.getMeta().getCausationId())));
                assertThat(skipped.getReason()).isIn(SkipReason.ALREADY_CURRENT, SkipReason.NOT_NEWER);
            }
        }
        assertThat(repo.head()).isEqualTo(head);
        assertThat(repo.log()).hasSize(commits);
        assertThat(log.commits(repo.httpUrl(), ManifestsCommitted.class)).flatExtracting(
                ManifestsCommitted::getChanges).extracting(FileChange::getTo).doesNotHaveDuplicates();
    }
}
