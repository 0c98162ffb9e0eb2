package io.shiplog.gitwriter;

import static io.shiplog.gitwriter.support.RunningWriter.Repo.http;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.events.CommitFailed;
import io.shiplog.events.CommitObserved;
import io.shiplog.events.CommitFailureReason;
import io.shiplog.events.DeadLetter;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.events.SkipReason;
import io.shiplog.events.UpdateSkipped;
import io.shiplog.gitwriter.support.ConfigRepo;
import io.shiplog.gitwriter.support.EventsLog;
import io.shiplog.gitwriter.support.Kafka;
import io.shiplog.gitwriter.support.Manifests;
import io.shiplog.gitwriter.support.RunningWriter;
import io.shiplog.schemas.testing.TestKafka;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.local.git.Author;
import io.shiplog.local.git.GitServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Every kind of bad input: reported with file and line or sent to the DLQ, the rest still committed. */
@ExtendWith(OutputCaptureExtension.class)
class BadInputIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String GOOD = "registry.test/bad-" + SUFFIX + "/good";
    private static final String GOOD2 = "registry.test/bad-" + SUFFIX + "/good2";
    private static final String GOOD3 = "registry.test/bad-" + SUFFIX + "/good3";
    private static final String REGEX = "registry.test/bad-" + SUFFIX + "/regex";
    private static final String REMOTE = "registry.test/bad-" + SUFFIX + "/remote";
    private static final String WRONG_PASSWORD = "wrong-" + UUID.randomUUID();
    @RegisterExtension
    static final EventsLog log = EventsLog.perClass();
    private static ConfigRepo manifests;
    private static ConfigRepo protectedRepo;
    private static ConfigRepo wrongCredentials;
    private static ConfigRepo healthy;
    private static RunningWriter writer;

    @BeforeAll
    static void start() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("apps/good.yaml", Manifests.bytes(Manifests.deployment("good", GOOD + ":1.0.0", "semver:^1")));
        files.put("apps/good2.yaml", Manifests.bytes(Manifests.deployment("good2", GOOD2 + ":1.0.0", "semver:^1")));
        files.put("apps/good3.yaml", Manifests.bytes(Manifests.deployment("good3", GOOD3 + ":1.0.0", "semver:^1")));
        files.put("apps/regex.yaml", Manifests.bytes(Manifests.deployment("regex", REGEX + ":" + "a".repeat(12),
                "regex:^(.*a){12}$")));
        files.put("apps/invalid.yaml", Manifests.bytes("image: x:1 # {\"$shiplog\": \"semver:^1\"}\n  bad: [\n"));
        files.put("apps/bomb.yaml", Manifests.bytes(bomb()));
        files.put("apps/unknown-policy.yaml", Manifests.bytes(
                "image: registry.test/x/b:1.0.0 # {\"$shiplog\": \"bogus:1\"}\n"));
        files.put("apps/bad-json.yaml", Manifests.bytes("image: registry.test/x/c:1.0.0 # {\"$shiplog\": semver}\n"));
        files.put("apps/flux-missing.yaml", Manifests.bytes(
                "image: registry.test/x/d:1.0.0 # {\"$imagepolicy\": \"flux-system:missing\"}\n"));
        byte[] binary = "image: x # $shiplog \u0000\u0001".getBytes(StandardCharsets.UTF_8);
        files.put("apps/binary.yaml", binary);
        files.put("apps/huge.yaml", Manifests.bytes("# $shiplog\n" + "k: v\n".repeat(2000)));
        manifests = ConfigRepo.create("bad-manifests", Map.of());
        manifests.seed(files, Map.of("apps/escape.yaml", "../../../etc/passwd"), "seed with bad files");

        String remoteFile = Manifests.deployment("remote", REMOTE + ":1.0.0", "semver:^1");
        protectedRepo = ConfigRepo.create("bad-protected", Map.of("apps/remote.yaml", Manifests.bytes(remoteFile)));
        Path hook = protectedRepo.directory().resolve("hooks/pre-receive");
        Files.createDirectories(hook.getParent());
        Files.writeString(hook, "#!/bin/sh\necho 'main is protected: open a pull request' >&2\nexit 1\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        wrongCredentials = ConfigRepo.create("bad-credentials", Map.of("apps/remote.yaml",
                Manifests.bytes(remoteFile)));
        healthy = ConfigRepo.create("bad-healthy", Map.of("apps/remote.yaml", Manifests.bytes(remoteFile)));

        GitServer git = GitServer.shared();
        writer = RunningWriter.start(List.of(
                        http("manifests", manifests),
                        http("protected", protectedRepo),
                        RunningWriter.Repo.of("credentials", wrongCredentials.httpUrl())
                                .with("username", git.username()).with("password", WRONG_PASSWORD),
                        RunningWriter.Repo.of("unreachable", "http://127.0.0.1:9/nothing.git"),
                        http("healthy", healthy)),
                Files.createTempDirectory("bad-input-it"), RunningWriter.newGroup(),
                "--shiplog.git-writer.tuning.max-file-bytes=4096");
    }

    @AfterAll
    static void stop() {
        writer.close();
    }

    private static String bomb() {
        StringBuilder yaml = new StringBuilder("# {\"$shiplog\": \"semver:^1\"}\na: &a [x, x, x, x, x, x, x, x, x]\n");
        String previous = "a";
        for (int i = 0; i < 9; i++) {
            String name = "l" + i;
            yaml.append(name).append(": &").append(name).append(" [");
            for (int j = 0; j < 9; j++) {
                yaml.append(j == 0 ? "" : ", ").append('*').append(previous);
            }
            yaml.append("]\n");
            previous = name;
        }
        return yaml.toString();
    }

    @Test
    void badManifestsAreReportedWithFileAndLineAndTheGoodOneStillCommits() throws Exception {
        String event = Kafka.tagDiscovered(GOOD, "1.1.0");

        ManifestsCommitted committed = log.awaitCommit(manifests.httpUrl(), ManifestsCommitted.class,
                c -> c.getCausingEventIds().contains(event));
        assertThat(committed.getChanges()).singleElement().satisfies(c -> assertThat(c.getTo())
                .isEqualTo(GOOD + ":1.1.0"));
        String status = get("/status");
        assertThat(status)
                .contains("apps/invalid.yaml:").contains("invalid YAML")
                .contains("apps/bomb.yaml").contains("YAML bomb")
                .contains("apps/unknown-policy.yaml:1:")
                .contains("apps/bad-json.yaml:1:")
                .contains("apps/flux-missing.yaml:1: ImagePolicy flux-system/missing not found in the repository")
                .contains("apps/binary.yaml: binary file (contains NUL bytes)")
                .contains("apps/huge.yaml: file of").contains("over the limit of 4096 bytes")
                .contains("apps/escape.yaml: symlink to '../../../etc/passwd' leaves the repository");
    }

    @Test
    void aRegexThatBacktracksCatastrophicallyIsStoppedAndReportedWhileTheRestOfTheBatchCommits() {
        String good = Kafka.tagDiscovered(GOOD2, "1.2.0");
        String regex = Kafka.tagDiscovered(REGEX, "a".repeat(40) + "-");

        UpdateSkipped skipped = log.awaitCommit(manifests.httpUrl(), UpdateSkipped.class,
                s -> s.getRepository().equals(REGEX));
        assertThat(skipped.getDetail()).contains("exceeded its evaluation budget");
        assertThat(skipped.getReason()).isEqualTo(SkipReason.OTHER);
        assertThat(skipped.getPath()).isEqualTo("apps/regex.yaml");
        assertThat(log.awaitCommit(manifests.httpUrl(), ManifestsCommitted.class,
                c -> c.getCausingEventIds().contains(good))).isNotNull();
        assertThat(regex).isNotBlank();
    }

    @Test
    void undecodableRecordsAndUnusableCommandsGoToTheDeadLetterTopicAndLaterEventsStillCommit() throws Exception {
        TestKafka.sendRaw(TopicCatalogue.IMAGES.name(), GOOD, "not avro at all".getBytes(StandardCharsets.UTF_8));
        Kafka.releaseImage(GOOD, "bad tag!", true);
        String event = Kafka.tagDiscovered(GOOD3, "1.3.0");

        assertThat(log.awaitCommit(manifests.httpUrl(), ManifestsCommitted.class,
                c -> c.getCausingEventIds().contains(event))).isNotNull();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(log.deadLetters())
                .extracting(DeadLetter::getReason)
                .anySatisfy(r -> assertThat(r).isNotBlank())
                .anySatisfy(r -> assertThat(r).contains("tag 'bad tag!' is not a valid image tag")));
        assertThat(log.deadLetters()).extracting(DeadLetter::getSourceTopic).contains(TopicCatalogue.IMAGES.name(),
                TopicCatalogue.COMMANDS.name());
        assertThat(get("/actuator/prometheus")).contains("shiplog_gitwriter_bad_records_total");
    }

    @Test
    void aProtectedBranchRefusingThePushIsReportedAndNotRetried() {
        Kafka.tagDiscovered(REMOTE, "1.0.1");

        CommitFailed failed = log.awaitCommit(protectedRepo.httpUrl(), CommitFailed.class, f -> true);
        assertThat(failed.getReason()).isEqualTo(CommitFailureReason.PUSH_REJECTED);
        assertThat(failed.getWillRetry()).isFalse();
        assertThat(failed.getMessage()).contains("main is protected");
        assertThat(failed.getChanges()).singleElement().satisfies(c -> assertThat(c.getTo())
                .startsWith(REMOTE + ":1.0."));
        assertThat(log.awaitCommit(healthy.httpUrl(), ManifestsCommitted.class, c -> true)).isNotNull();
        assertThat(protectedRepo.log()).hasSize(1);
    }

    @Test
    void aPersonsCommitWithForgedShiplogTrailersIsReportedAsTheirsNotAsARelease() {
        String forgedEvent = UUID.randomUUID().toString();
        String human = GitServer.shared().commit(healthy.name(), Map.of("apps/notes.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\n"), "Tune the notes\n\n"
                + "Shiplog-Commit: " + forgedEvent + "\nShiplog-Correlation: forged\nShiplog-Cause: forged-cause\n",
                new Author("Mallory", "mallory@example.com"));

        CommitObserved observed = log.awaitCommit(healthy.httpUrl(), CommitObserved.class,
                c -> c.getSha().equals(human));
        assertThat(observed.getAuthor().getName()).isEqualTo("Mallory");
        assertThat(log.commits(healthy.httpUrl(), ManifestsCommitted.class)).as("no release made of the forgery")
                .noneMatch(c -> c.getSha().equals(human) || c.getCausingEventIds().contains("forged-cause"));
    }

    @Test
    void rejectedCredentialsAndAnUnreachableRemoteAreReportedWithoutTheSecretAndTheServiceKeepsRunning(
            CapturedOutput output) throws Exception {
        String event = Kafka.tagDiscovered(REMOTE, "1.0.2");

        CommitFailed credentials = log.awaitCommit(wrongCredentials.httpUrl(), CommitFailed.class, f -> true);
        assertThat(credentials.getReason()).isEqualTo(CommitFailureReason.AUTHENTICATION_FAILED);
        assertThat(credentials.getWillRetry()).isTrue();
        CommitFailed unreachable = log.awaitCommit("http://127.0.0.1:9/nothing.git", CommitFailed.class, f -> true);
        assertThat(unreachable.getReason()).isEqualTo(CommitFailureReason.REMOTE_UNREACHABLE);
        assertThat(log.awaitCommit(healthy.httpUrl(), ManifestsCommitted.class,
                c -> c.getCausingEventIds().contains(event))).isNotNull();
        String status = get("/status");
        assertThat(status).contains("credentials").contains("unreachable");
        assertThat(get("/actuator/health")).contains("UP");
        assertThat(log.allText()).doesNotContain(WRONG_PASSWORD).doesNotContain(GitServer.shared().password());
        assertThat(status).doesNotContain(WRONG_PASSWORD);
        assertThat(output.getAll()).doesNotContain(WRONG_PASSWORD).doesNotContain(GitServer.shared().password());
    }

    private static String get(String path) throws Exception {
        return writer.get(path);
    }
}
