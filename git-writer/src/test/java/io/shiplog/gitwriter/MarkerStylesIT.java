package io.shiplog.gitwriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.events.FileChange;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.events.MarkerStyle;
import io.shiplog.gitwriter.support.ConfigRepo;
import io.shiplog.gitwriter.support.EventsLog;
import io.shiplog.gitwriter.support.GoldenCase;
import io.shiplog.gitwriter.support.Kafka;
import io.shiplog.gitwriter.support.RunningWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each marker style end to end: a repository on the real git server holding a golden case, the case's tags published
 * on {@code shiplog.images}, and the file on the server must end up exactly as the golden expected bytes.
 */
class MarkerStylesIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final List<String> CASES = List.of("shiplog-full-plain", "flux-v2-full-image",
            "flux-v1-cronjob-glob", "keel-force-match-tag", "shiplog-helm-split-repository-tag", "crlf-line-endings",
            "flux-v2-kustomization-file-named-Kustomization");
    private static final Map<String, GoldenCase> GOLDEN = new LinkedHashMap<>();
    private static final Map<String, ConfigRepo> REPOS = new LinkedHashMap<>();
    @RegisterExtension
    static final EventsLog log = EventsLog.perClass();
    private static RunningWriter writer;

    @BeforeAll
    static void start() throws Exception {
        List<RunningWriter.Repo> repos = new ArrayList<>();
        for (int i = 0; i < CASES.size(); i++) {
            String name = CASES.get(i);
            GoldenCase golden = GoldenCase.load(name, "ghcr.io/acme/", "ghcr.io/acme-" + SUFFIX + "-" + i + "/");
            GOLDEN.put(name, golden);
            ConfigRepo repo = ConfigRepo.create("markers-" + i, golden.files());
            REPOS.put(name, repo);
            repos.add(RunningWriter.Repo.of("case" + i, repo.httpUrl())
                    .with("username", io.shiplog.local.git.GitServer.shared().username())
                    .with("password", io.shiplog.local.git.GitServer.shared().password()));
        }
        Path mirrors = Files.createTempDirectory("markers-it");
        writer = RunningWriter.start(repos, mirrors, RunningWriter.newGroup());
    }

    @AfterAll
    static void stop() {
        writer.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "shiplog-full-plain, SHIPLOG",
            "flux-v2-full-image, FLUX_V2",
            "flux-v1-cronjob-glob, FLUX_V1",
            "keel-force-match-tag, KEEL",
            "shiplog-helm-split-repository-tag, SHIPLOG",
            "crlf-line-endings, SHIPLOG",
            "flux-v2-kustomization-file-named-Kustomization, FLUX_V2"})
    void tagEventsRewriteTheFileOnTheServerToTheExactExpectedBytes(String name, MarkerStyle style) {
        GoldenCase golden = GOLDEN.get(name);
        ConfigRepo repo = REPOS.get(name);
        for (GoldenCase.Tag tag : golden.tags()) {
            Kafka.tagDiscovered(tag.repository(), tag.tag(), tag.digest(), tag.createdAt());
        }

        await(name + " on the server").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(new String(repo.read(golden.path()).orElseThrow(),
                        StandardCharsets.UTF_8)).isEqualTo(new String(golden.expected(), StandardCharsets.UTF_8)));
        assertThat(repo.read(golden.path()).orElseThrow()).isEqualTo(golden.expected());
        ManifestsCommitted committed = log.awaitCommit(repo.httpUrl(), ManifestsCommitted.class,
                c -> c.getSha().equals(repo.head()));
        assertThat(committed.getChanges()).extracting(FileChange::getPath).containsOnly(golden.path());
        assertThat(committed.getChanges()).extracting(FileChange::getMarkerStyle).containsOnly(style);
        assertThat(committed.getCausingEventIds()).isNotEmpty();
        assertThat(repo.log().get(0).authorName()).isEqualTo("Shiplog");
    }
}
