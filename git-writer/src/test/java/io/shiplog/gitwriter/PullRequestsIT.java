package io.shiplog.gitwriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplog.events.CommitObserved;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.gitwriter.support.EventsLog;
import io.shiplog.gitwriter.support.Kafka;
import io.shiplog.gitwriter.support.Manifests;
import io.shiplog.gitwriter.support.RunningWriter;
import io.shiplog.local.forge.GiteaServer;
import io.shiplog.local.net.TcpProxy;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pull requests on a real Gitea (built by {@code scripts/forge-tools.sh}, started by the testkit): git-writer pushes
 * its proposal branches over Gitea's git HTTP transport and keeps one pull request per branch through Gitea's API.
 */
class PullRequestsIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final Duration WAIT = Duration.ofSeconds(90);
    @RegisterExtension
    static final EventsLog log = EventsLog.perClass();
    private static GiteaServer gitea;

    @BeforeAll
    static void startGitea() {
        gitea = GiteaServer.start();
    }

    @AfterAll
    static void stopGitea() {
        if (gitea != null) {
            gitea.close();
        }
    }

    @Test
    void aReleaseOpensAPullRequestNamingItsChangeAndTheNextReleaseUpdatesIt() throws Exception {
        Apps apps = Apps.create("pr-open");
        try (RunningWriter writer = apps.startWriter("shiplog/{branch}", false)) {
            String first = Kafka.tagDiscovered(apps.web(), "1.1.0");
            log.awaitCommit(apps.url(), ManifestsCommitted.class, c -> c.getCausingEventIds().contains(first));
            JsonNode opened = await().atMost(WAIT).until(() -> single(apps.name()), pr -> pr != null
                    && pr.path("title").asText().contains("1.1.0"));
            assertThat(opened.path("title").asText()).isEqualTo("Update " + apps.web() + " from 1.0.0 to 1.1.0");
            assertThat(opened.path("head").path("ref").asText()).isEqualTo("shiplog/main");
            assertThat(opened.path("base").path("ref").asText()).isEqualTo("main");
            assertThat(opened.path("body").asText()).contains("| `" + apps.web() + "` | `1.0.0` | `1.1.0` | "
                    + "`apps/web.yaml` |");
            assertThat(gitea.readFile(apps.name(), "main", "apps/web.yaml")).isEqualTo(apps.webText());

            String second = Kafka.tagDiscovered(apps.api(), "1.2.0");
            log.awaitCommit(apps.url(), ManifestsCommitted.class, c -> c.getCausingEventIds().contains(second));
            JsonNode updated = await().atMost(WAIT).until(() -> single(apps.name()), pr -> pr != null
                    && pr.path("body").asText().contains("1.2.0"));
            assertThat(updated.path("number").asInt()).isEqualTo(opened.path("number").asInt());
            assertThat(updated.path("title").asText()).isEqualTo("Update 2 images: api 1.2.0, web 1.1.0");
            assertThat(updated.path("body").asText())
                    .contains("| `" + apps.web() + "` | `1.0.0` | `1.1.0` | `apps/web.yaml` |")
                    .contains("| `" + apps.api() + "` | `1.0.0` | `1.2.0` | `apps/api.yaml` |");
            assertThat(gitea.pullRequests(apps.name(), "all")).hasSize(1);
            assertThat(log.allText()).doesNotContain(gitea.token());
        }
    }

    @Test
    void aNewerProposalBranchClosesThePullRequestItSupersedes() throws Exception {
        Apps apps = Apps.create("pr-supersede");
        try (RunningWriter writer = apps.startWriter("shiplog/{branch}-{base}", false)) {
            String first = Kafka.tagDiscovered(apps.web(), "1.1.0");
            ManifestsCommitted one = log.awaitCommit(apps.url(), ManifestsCommitted.class,
                    c -> c.getCausingEventIds().contains(first));
            JsonNode older = await().atMost(WAIT).until(() -> single(apps.name()), pr -> pr != null);
            assertThat(older.path("head").path("ref").asText()).isEqualTo(one.getBranch());

            String human = gitea.commit(apps.name(), "main", Map.of("README.md", "reviewed by hand\n"), "docs");
            log.awaitCommit(apps.url(), CommitObserved.class, o -> o.getSha().equals(human));
            String second = Kafka.tagDiscovered(apps.api(), "1.2.0");
            ManifestsCommitted two = log.awaitCommit(apps.url(), ManifestsCommitted.class,
                    c -> c.getCausingEventIds().contains(second));
            assertThat(two.getBranch()).isNotEqualTo(one.getBranch()).contains(human.substring(0, 12));

            List<JsonNode> open = await().atMost(WAIT).until(() -> gitea.pullRequests(apps.name(), "open"),
                    prs -> prs.size() == 1 && prs.get(0).path("head").path("ref").asText().equals(two.getBranch()));
            JsonNode newer = open.get(0);
            assertThat(newer.path("title").asText()).isEqualTo("Update " + apps.api() + " from 1.0.0 to 1.2.0");
            String olderNumber = older.path("number").asText();
            JsonNode closed = gitea.api("GET", "/repos/" + gitea.username() + "/" + apps.name() + "/pulls/"
                    + olderNumber, null);
            assertThat(closed.path("state").asText()).isEqualTo("closed");
            assertThat(closed.path("merged").asBoolean()).isFalse();
            assertThat(gitea.comments(apps.name(), olderNumber))
                    .containsExactly("Superseded by " + newer.path("html_url").asText() + " (branch `"
                            + two.getBranch() + "`).");
        }
    }

    @Test
    void aPullRequestWhoseChangeReachedMainAnotherWayIsClosed() throws Exception {
        Apps apps = Apps.create("pr-reached");
        try (RunningWriter writer = apps.startWriter("shiplog/{branch}", false)) {
            String first = Kafka.tagDiscovered(apps.web(), "1.1.0");
            log.awaitCommit(apps.url(), ManifestsCommitted.class, c -> c.getCausingEventIds().contains(first));
            JsonNode open = await().atMost(WAIT).until(() -> single(apps.name()), pr -> pr != null);

            String byHand = gitea.commit(apps.name(), "main", Map.of("apps/web.yaml",
                    apps.webText().replace(":1.0.0", ":1.1.0")), "web 1.1.0 by hand");
            await().atMost(WAIT).until(() -> gitea.pullRequests(apps.name(), "open").isEmpty());
            assertThat(gitea.comments(apps.name(), open.path("number").asText()))
                    .containsExactly("Every change of this pull request is on `main` already (" + byHand + ").");
        }
    }

    @Test
    void autoMergeMergesTheProposalIntoMain() throws Exception {
        Apps apps = Apps.create("pr-merge");
        try (RunningWriter writer = apps.startWriter("shiplog/{branch}", true)) {
            String first = Kafka.tagDiscovered(apps.web(), "1.1.0");
            ManifestsCommitted proposal = log.awaitCommit(apps.url(), ManifestsCommitted.class,
                    c -> c.getCausingEventIds().contains(first));
            List<JsonNode> all = await().atMost(WAIT).until(() -> gitea.pullRequests(apps.name(), "all"),
                    prs -> prs.stream().anyMatch(pr -> pr.path("merged").asBoolean()));
            assertThat(all).hasSize(1);
            // once merged, the forge may name the head refs/pull/1/head: the proposal's commit tells it apart
            assertThat(proposal.getBranch()).isEqualTo("shiplog/main");
            assertThat(all.get(0).path("head").path("sha").asText()).isEqualTo(proposal.getSha());
            assertThat(gitea.readFile(apps.name(), "main", "apps/web.yaml"))
                    .isEqualTo(apps.webText().replace(":1.0.0", ":1.1.0"));
        }
    }

    @Test
    void whileTheForgeIsUnreachableTheBranchIsPushedAndThePullRequestPendingUntilTheForgeAnswers() throws Exception {
        Apps apps = Apps.create("pr-outage");
        try (TcpProxy forgeApi = new TcpProxy(gitea.port())) {
            forgeApi.block();
            String apiUrl = "http://127.0.0.1:" + forgeApi.port() + "/api/v1";
            try (RunningWriter writer = apps.startWriter("shiplog/{branch}", false, apiUrl)) {
                String first = Kafka.tagDiscovered(apps.web(), "1.1.0");
                log.awaitCommit(apps.url(), ManifestsCommitted.class, c -> c.getCausingEventIds().contains(first));
                assertThat(gitea.readFile(apps.name(), "shiplog/main", "apps/web.yaml"))
                        .isEqualTo(apps.webText().replace(":1.0.0", ":1.1.0"));
                String pending = await().atMost(WAIT).until(() -> writer.get("/status"),
                        s -> s.contains("\"pullRequest\":\"pending: "));
                assertThat(pending).contains("\"pullRequest\":\"pending: gitea shiplog/" + apps.name()
                        + ": GET /api/v1/repos/shiplog/" + apps.name() + "/pulls got no answer")
                        .doesNotContain(gitea.token());
                assertThat(gitea.pullRequests(apps.name(), "all")).isEmpty();

                forgeApi.unblock();
                JsonNode opened = await().atMost(WAIT).until(() -> single(apps.name()), pr -> pr != null);
                assertThat(opened.path("title").asText()).isEqualTo("Update " + apps.web()
                        + " from 1.0.0 to 1.1.0");
                // Gitea builds the pull request's URL from the address it was asked at (here the proxy's)
                await().atMost(WAIT).until(() -> writer.get("/status"), s -> s.contains("\"pullRequest\":\"open "
                        + "http://127.0.0.1:" + forgeApi.port() + "/shiplog/" + apps.name() + "/pulls/"
                        + opened.path("number").asText() + "\""));
            }
        }
    }

    /** The one open pull request of {@code repository}; null when none, a failure when several. */
    private static JsonNode single(String repository) {
        List<JsonNode> open = gitea.pullRequests(repository, "open");
        assertThat(open).hasSizeLessThanOrEqualTo(1);
        return open.isEmpty() ? null : open.get(0);
    }

    /** Two Deployments, web and api, at 1.0.0 in a new Gitea repository. */
    private record Apps(String name, String web, String api, String webText, String apiText) {

        static Apps create(String prefix) {
            String name = prefix + "-" + SUFFIX;
            String web = "registry.test/" + name + "/web";
            String api = "registry.test/" + name + "/api";
            String webText = Manifests.deployment("web", web + ":1.0.0", "semver:^1");
            String apiText = Manifests.deployment("api", api + ":1.0.0", "semver:^1");
            gitea.createRepository(name, Map.of("apps/web.yaml", webText, "apps/api.yaml", apiText));
            return new Apps(name, web, api, webText, apiText);
        }

        String url() {
            return gitea.cloneUrl(name);
        }

        RunningWriter startWriter(String pushBranch, boolean autoMerge) throws Exception {
            return startWriter(pushBranch, autoMerge, gitea.apiUrl());
        }

        RunningWriter startWriter(String pushBranch, boolean autoMerge, String apiUrl) throws Exception {
            RunningWriter.Repo config = RunningWriter.Repo.of(name, url())
                    .with("username", gitea.username())
                    .with("password", gitea.password())
                    .with("push-branch", pushBranch)
                    .with("fetch-interval", "1s")
                    .with("pull-requests.forge", "gitea")
                    .with("pull-requests.api-url", apiUrl)
                    .with("pull-requests.token", gitea.token())
                    .with("pull-requests.auto-merge", Boolean.toString(autoMerge));
            return RunningWriter.start(List.of(config), Files.createTempDirectory("prs-it"), RunningWriter.newGroup());
        }
    }
}
