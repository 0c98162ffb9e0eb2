package io.shiplog.gitwriter;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.events.CommitObserved;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.gitwriter.support.ConfigRepo;
import io.shiplog.gitwriter.support.EventsLog;
import io.shiplog.gitwriter.support.Kafka;
import io.shiplog.gitwriter.support.Manifests;
import io.shiplog.gitwriter.support.RunningWriter;
import io.shiplog.local.git.Author;
import io.shiplog.local.git.GitCommit;
import io.shiplog.local.git.GitServer;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pull-request flow ({@code push-branch}): updates accumulate on one proposal branch; main is never touched. */
class PullRequestFlowIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String PROPOSAL = "shiplog/main";
    @RegisterExtension
    static final EventsLog log = EventsLog.perClass();

    @Test
    void eachUpdateLandsOnTheProposalBranchWhichKeepsEveryUpdateWhileMainStaysUntouched() throws Exception {
        Apps apps = Apps.create("pr");
        ConfigRepo repo = apps.repo();
        String seed = repo.head();
        try (RunningWriter writer = apps.startWriter()) {
            String first = Kafka.tagDiscovered(apps.web(), "1.1.0");
            ManifestsCommitted one = log.awaitCommit(repo.httpUrl(), ManifestsCommitted.class,
                    c -> c.getCausingEventIds().contains(first));
            assertThat(one.getBranch()).isEqualTo(PROPOSAL);
            assertThat(one.getParentSha()).isEqualTo(seed);
            assertThat(proposed(repo, "apps/web.yaml")).isEqualTo(apps.webText().replace(":1.0.0", ":1.1.0"));
            assertThat(repo.head()).isEqualTo(seed);

            String second = Kafka.tagDiscovered(apps.api(), "1.2.0");
            ManifestsCommitted two = log.awaitCommit(repo.httpUrl(), ManifestsCommitted.class,
                    c -> c.getCausingEventIds().contains(second));
            assertThat(two.getBranch()).isEqualTo(PROPOSAL);
            assertThat(two.getParentSha()).isEqualTo(one.getSha());
            assertThat(proposed(repo, "apps/web.yaml")).isEqualTo(apps.webText().replace(":1.0.0", ":1.1.0"));
            assertThat(proposed(repo, "apps/api.yaml")).isEqualTo(apps.apiText().replace(":1.0.0", ":1.2.0"));
            assertThat(repo.head()).isEqualTo(seed);
            assertThat(repo.read("apps/web.yaml").map(String::new)).contains(apps.webText());
            assertThat(repo.read("apps/api.yaml").map(String::new)).contains(apps.apiText());
            assertThat(GitServer.shared().log(repo.name(), PROPOSAL)).extracting(GitCommit::sha)
                    .containsExactly(two.getSha(), one.getSha(), seed);
        }
    }

    @Test
    void aProposalBehindMainIsRebuiltOnMainWithItsPendingUpdatesAndTheNewOne() throws Exception {
        Apps apps = Apps.create("pr-behind");
        ConfigRepo repo = apps.repo();
        try (RunningWriter writer = apps.startWriter()) {
            String first = Kafka.tagDiscovered(apps.web(), "1.1.0");
            log.awaitCommit(repo.httpUrl(), ManifestsCommitted.class, c -> c.getCausingEventIds().contains(first));
            String human = GitServer.shared().commit(repo.name(), Map.of("README.md", "reviewed by hand\n"),
                    "docs", new Author("Ada", "ada@example.com"));
            log.awaitCommit(repo.httpUrl(), CommitObserved.class, o -> o.getSha().equals(human));

            String second = Kafka.tagDiscovered(apps.api(), "1.2.0");
            ManifestsCommitted rebuilt = log.awaitCommit(repo.httpUrl(), ManifestsCommitted.class,
                    c -> c.getCausingEventIds().contains(second));
            assertThat(rebuilt.getBranch()).isEqualTo(PROPOSAL);
            assertThat(rebuilt.getParentSha()).isEqualTo(human);
            assertThat(proposed(repo, "apps/web.yaml")).isEqualTo(apps.webText().replace(":1.0.0", ":1.1.0"));
            assertThat(proposed(repo, "apps/api.yaml")).isEqualTo(apps.apiText().replace(":1.0.0", ":1.2.0"));
            assertThat(GitServer.shared().readFile(repo.name(), PROPOSAL, "README.md")).contains("reviewed by hand\n");
            assertThat(repo.head()).isEqualTo(human);
        }
    }

    /** Two Deployments, web and api, at 1.0.0 in a new config repository whose updates go to a proposal branch. */
    private record Apps(String name, String web, String api, String webText, String apiText, ConfigRepo repo) {

        static Apps create(String name) throws Exception {
            String web = "registry.test/" + name + "-" + SUFFIX + "/web";
            String api = "registry.test/" + name + "-" + SUFFIX + "/api";
            String webText = Manifests.deployment("web", web + ":1.0.0", "semver:^1");
            String apiText = Manifests.deployment("api", api + ":1.0.0", "semver:^1");
            ConfigRepo repo = ConfigRepo.create(name, Map.of("apps/web.yaml", Manifests.bytes(webText),
                    "apps/api.yaml", Manifests.bytes(apiText)));
            return new Apps(name, web, api, webText, apiText, repo);
        }

        RunningWriter startWriter() throws Exception {
            RunningWriter.Repo config = RunningWriter.Repo.http(name, repo).with("push-branch", "shiplog/{branch}");
            return RunningWriter.start(List.of(config), Files.createTempDirectory("pr-it"), RunningWriter.newGroup());
        }
    }

    private static String proposed(ConfigRepo repo, String path) {
        return GitServer.shared().readFile(repo.name(), PROPOSAL, path).orElseThrow();
    }
}
