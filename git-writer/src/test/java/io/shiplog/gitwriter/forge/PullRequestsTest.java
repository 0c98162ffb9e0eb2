package io.shiplog.gitwriter.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.gitwriter.config.CommitProperties;
import io.shiplog.gitwriter.config.PullRequestProperties;
import io.shiplog.gitwriter.config.RepositoryProperties;
import io.shiplog.gitwriter.config.TuningProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How pull requests follow the proposal branches, against Gitea's documented API served locally ({@link Dialects}):
 * opened, updated, closed when superseded or when the watched branch holds the change, retried while the forge fails.
 */
class PullRequestsTest {

    private static final TuningProperties TUNING = new TuningProperties(Duration.ZERO, Duration.ofMillis(50),
            Duration.ofMillis(200), 8, Duration.ofMillis(100), 4_194_304, 10_000, Duration.ofSeconds(30),
            Duration.ofHours(24));
    private static final BranchChange WEB = change("registry.test/acme/web", "1.0.0", "1.1.0", "apps/web.yaml");
    private static final BranchChange API = change("registry.test/acme/api", "1.0.0", "1.2.0", "apps/api.yaml");

    private DocumentedForgeApi api;
    private PullRequests pullRequests;

    @AfterEach
    void stop() {
        if (pullRequests != null) {
            pullRequests.close();
        }
        if (api != null) {
            api.close();
        }
    }

    private PullRequests start(String pushBranch, boolean autoMerge) throws Exception {
        api = new DocumentedForgeApi((a, r) -> r.path().startsWith("/api/v1") ? Dialects.gitea(a,
                new DocumentedForgeApi.Request(r.method(), r.path().substring(7), r.query(), r.headers(), r.body()))
                : null);
        RepositoryProperties repo = new RepositoryProperties("fleet", "https://gitea.example/acme/fleet.git", "main",
                pushBranch, null, null, null, null, null, Duration.ofSeconds(30), Duration.ofSeconds(60),
                new CommitProperties("Shiplog", "shiplog@localhost", "", "", "{summary}", "none", null), null, null,
                new PullRequestProperties("gitea", api.uri("/api/v1"), "", "", "token-1", autoMerge, "merge",
                        Duration.ofSeconds(10)));
        pullRequests = new PullRequests(repo, PullRequests.forgeOf(repo), TUNING, new SimpleMeterRegistry());
        return pullRequests;
    }

    @Test
    void opensOnePullRequestForABranchAndUpdatesItWhenTheBranchMoves() throws Exception {
        PullRequests prs = start("shiplog/{branch}", false);
        prs.proposed("shiplog/main", List.of(WEB));
        await().until(() -> api.open().size() == 1);
        assertThat(api.open().get(0).title).isEqualTo("Update registry.test/acme/web from 1.0.0 to 1.1.0");

        prs.proposed("shiplog/main", List.of(API, WEB));
        await().until(() -> api.open().get(0).title.startsWith("Update 2 images"));
        assertThat(api.pulls).hasSize(1);
        assertThat(api.open().get(0).title).isEqualTo("Update 2 images: api 1.2.0, web 1.1.0");
        assertThat(api.open().get(0).body).contains("| `registry.test/acme/api` | `1.0.0` | `1.2.0` | `apps/api.yaml` |")
                .contains("| `registry.test/acme/web` | `1.0.0` | `1.1.0` | `apps/web.yaml` |");
        assertThat(prs.status()).isEqualTo("open https://gitea.example/acme/fleet/pulls/1");
    }

    @Test
    void aNewerProposalBranchClosesOlderOnesButNoOtherPullRequest() throws Exception {
        PullRequests prs = start("shiplog/{branch}-{base}", false);
        DocumentedForgeApi.Pull human = api.add("feature/login", "main", "a person's work", "");
        DocumentedForgeApi.Pull older = api.add("shiplog/main-0123456789ab", "main", "Update web", "");

        prs.proposed("shiplog/main-abcdef012345", List.of(API));
        await().until(() -> older.state.equals("closed"));
        assertThat(api.open()).extracting(p -> p.head).containsExactlyInAnyOrder("feature/login",
                "shiplog/main-abcdef012345");
        assertThat(human.state).isEqualTo("open");
        assertThat(api.requests("POST", ".*/issues/" + older.number + "/comments")).singleElement()
                .satisfies(r -> assertThat(r.body().path("body").asString()).isEqualTo(
                        "Superseded by https://gitea.example/acme/fleet/pulls/3 (branch `shiplog/main-abcdef012345`)."));
    }

    @Test
    void closesThePullRequestOnceTheWatchedBranchHoldsEveryChangeItProposes() throws Exception {
        PullRequests prs = start("shiplog/{branch}", false);
        prs.proposed("shiplog/main", List.of(API, WEB));
        await().until(() -> api.open().size() == 1);

        prs.headMoved("1111111", Map.of("apps/web.yaml#0#spec", "registry.test/acme/web:1.1.0",
                "apps/api.yaml#0#spec", "registry.test/acme/api:1.0.0"));
        prs.headMoved("2222222", Map.of("apps/web.yaml#0#spec", "registry.test/acme/web:1.1.0",
                "apps/api.yaml#0#spec", "registry.test/acme/api:1.2.0"));
        await().until(() -> api.open().isEmpty());
        assertThat(api.requests("POST", ".*/issues/1/comments")).singleElement().satisfies(r ->
                assertThat(r.body().path("body").asString()).isEqualTo(
                        "Every change of this pull request is on `main` already (2222222)."));
    }

    @Test
    void aFailingForgeLeavesThePullRequestPendingAndItIsOpenedOnceTheForgeAnswersAgain() throws Exception {
        PullRequests prs = start("shiplog/{branch}", false);
        api.failNext(Integer.MAX_VALUE, 503, "{\"message\":\"maintenance\"}");
        prs.proposed("shiplog/main", List.of(WEB));
        await().until(() -> prs.status().startsWith("pending"));
        assertThat(prs.status()).contains("gitea acme/fleet: GET /api/v1/repos/acme/fleet/pulls answered 503: "
                + "maintenance");
        assertThat(api.pulls).isEmpty();

        api.failNext(0, 200, "");
        await().until(() -> api.open().size() == 1);
        await().until(() -> prs.status().startsWith("open"));
        assertThat(api.pulls).hasSize(1);
    }

    @Test
    void autoMergeIsAskedOncePerPullRequest() throws Exception {
        PullRequests prs = start("shiplog/{branch}", true);
        prs.proposed("shiplog/main", List.of(WEB));
        await().until(() -> api.pull(1) != null && api.pull(1).merge != null);
        prs.proposed("shiplog/main", List.of(API, WEB));
        await().until(() -> api.open().get(0).title.startsWith("Update 2 images"));

        assertThat(api.requests("POST", ".*/pulls/1/merge")).singleElement().satisfies(r ->
                assertThat(r.body().path("merge_when_checks_succeed").asBoolean()).isTrue());
    }

    private static BranchChange change(String image, String from, String to, String file) {
        return new BranchChange(image, from, to, List.of(file), List.of(new BranchChange.Location(file + "#0#spec",
                image + ":" + to)));
    }
}
