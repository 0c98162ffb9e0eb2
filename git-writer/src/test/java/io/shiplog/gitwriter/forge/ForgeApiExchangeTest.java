package io.shiplog.gitwriter.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each forge client against a local server answering that forge's documented pull-request API (fixtures written
 * from each forge's API reference; see {@link Dialects}): what it sends, what it reads back.
 */
class ForgeApiExchangeTest {

    private static final String TOKEN = "s3cr3t-token-value";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** One forge: its documented API, how to build its client against the server, its authorization header. */
    record Case(String name, DocumentedForgeApi.Dialect dialect, String root,
                Function<DocumentedForgeApi, Forge> client, String authHeader, String authValue) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> forges() {
        return Stream.of(
                new Case("github", Dialects::github, "", api -> new GitHubForge(api.uri(""), "acme/fleet", TOKEN,
                        TIMEOUT), "Authorization", "Bearer " + TOKEN),
                new Case("gitlab", Dialects::gitlab, "/api/v4", api -> new GitLabForge(api.uri("/api/v4"),
                        "acme/fleet", TOKEN, TIMEOUT), "PRIVATE-TOKEN", TOKEN),
                new Case("gitea", Dialects::gitea, "/api/v1", api -> new GiteaForge(api.uri("/api/v1"), "acme/fleet",
                        TOKEN, TIMEOUT), "Authorization", "token " + TOKEN),
                new Case("bitbucket", Dialects::bitbucket, "/2.0", api -> new BitbucketForge(api.uri("/2.0"),
                        "acme/fleet", "", TOKEN, TIMEOUT), "Authorization", "Bearer " + TOKEN))
                .map(Arguments::of);
    }

    private static DocumentedForgeApi serve(Case c) throws Exception {
        String root = c.root();
        return new DocumentedForgeApi((api, r) -> r.path().startsWith(root)
                ? c.dialect().answer(api, new DocumentedForgeApi.Request(r.method(),
                r.path().substring(root.length()), r.query(), r.headers(), r.body())) : null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forges")
    void opensAPullRequestAndListsItAmongTheOpenOnesIntoItsBase(Case c) throws Exception {
        try (DocumentedForgeApi api = serve(c)) {
            Forge forge = c.client().apply(api);
            PullRequest opened = forge.open("shiplog/main", "main", "Update web", "| web | 1.0.0 | 1.1.0 |");
            api.add("feature", "develop", "someone else's", "");

            List<PullRequest> open = forge.openInto("main");
            assertThat(open).containsExactly(opened);
            assertThat(opened.number()).isEqualTo("1");
            assertThat(opened.head()).isEqualTo("shiplog/main");
            assertThat(opened.base()).isEqualTo("main");
            assertThat(opened.title()).isEqualTo("Update web");
            assertThat(opened.body()).isEqualTo("| web | 1.0.0 | 1.1.0 |");
            assertThat(opened.url()).endsWith("/1");
            assertThat(api.requests).allSatisfy(r -> assertThat(r.header(c.authHeader())).isEqualTo(c.authValue()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forges")
    void editSetsTitleAndDescription(Case c) throws Exception {
        try (DocumentedForgeApi api = serve(c)) {
            Forge forge = c.client().apply(api);
            PullRequest opened = forge.open("shiplog/main", "main", "Update web", "one");
            forge.edit(opened, "Update 2 images: api 1.2.0, web 1.1.0", "two");

            assertThat(forge.openInto("main")).singleElement().satisfies(pr -> {
                assertThat(pr.title()).isEqualTo("Update 2 images: api 1.2.0, web 1.1.0");
                assertThat(pr.body()).isEqualTo("two");
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forges")
    void closeCommentsWhyAndTheRequestIsNoLongerOpen(Case c) throws Exception {
        try (DocumentedForgeApi api = serve(c)) {
            Forge forge = c.client().apply(api);
            PullRequest opened = forge.open("shiplog/main-abc", "main", "Update web", "");
            forge.close(opened, "Superseded by #2");

            assertThat(forge.openInto("main")).isEmpty();
            assertThat(api.requests.stream().filter(r -> r.method().equals("POST"))
                    .map(r -> r.body().toString())).anyMatch(body -> body.contains("Superseded by #2"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forges")
    void autoMergeAsksTheForgeWithTheChosenMethod(Case c) throws Exception {
        try (DocumentedForgeApi api = serve(c)) {
            Forge forge = c.client().apply(api);
            PullRequest opened = forge.open("shiplog/main", "main", "Update web", "");
            forge.autoMerge(opened, Forge.MergeMethod.SQUASH);

            String asked = api.pull(1).merge.toString();
            switch (c.name()) {
                case "github" -> assertThat(asked).contains("enablePullRequestAutoMerge")
                        .contains("\"id\":\"PR_node1\"").contains("\"method\":\"SQUASH\"");
                case "gitlab" -> assertThat(asked).contains("\"auto_merge\":true")
                        .contains("\"merge_when_pipeline_succeeds\":true").contains("\"squash\":true");
                case "gitea" -> assertThat(asked).contains("\"Do\":\"squash\"")
                        .contains("\"merge_when_checks_succeed\":true");
                default -> assertThat(asked).contains("\"merge_strategy\":\"squash\"");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forges")
    void aRefusalNamesForgeRepositoryCallAndStatusButNeverTheToken(Case c) throws Exception {
        try (DocumentedForgeApi api = serve(c)) {
            Forge forge = c.client().apply(api);
            api.failNext(1, 403, "{\"message\":\"Resource not accessible by token " + TOKEN + "\"}");

            assertThatThrownBy(() -> forge.open("shiplog/main", "main", "t", "b"))
                    .isInstanceOfSatisfying(ForgeException.class, e -> {
                        assertThat(e.status()).isEqualTo(403);
                        assertThat(e.transientFailure()).isFalse();
                    })
                    .hasMessageStartingWith(c.name() + " acme/fleet: POST ")
                    .hasMessageContaining("answered 403: Resource not accessible by token ****")
                    .hasMessageNotContaining(TOKEN);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forges")
    void aServerErrorIsTransient(Case c) throws Exception {
        try (DocumentedForgeApi api = serve(c)) {
            Forge forge = c.client().apply(api);
            api.failNext(1, 502, "<html>Bad Gateway</html>");

            assertThatThrownBy(() -> forge.openInto("main")).isInstanceOfSatisfying(ForgeException.class, e ->
                    assertThat(e.transientFailure()).isTrue()).hasMessageContaining("answered 502");
        }
    }

    @Test
    void gitHubEnterpriseIsAskedForAutoMergeAtItsGraphqlEndpoint() throws Exception {
        try (DocumentedForgeApi api = new DocumentedForgeApi((a, r) -> {
            String root = r.path().startsWith("/api/v3/") ? "/api/v3" : r.path().equals("/api/graphql") ? "/api"
                    : null;
            return root == null ? null : Dialects.github(a, new DocumentedForgeApi.Request(r.method(),
                    r.path().substring(root.length()), r.query(), r.headers(), r.body()));
        })) {
            Forge forge = new GitHubForge(api.uri("/api/v3"), "acme/fleet", TOKEN, TIMEOUT);
            forge.autoMerge(forge.open("shiplog/main", "main", "Update web", ""), Forge.MergeMethod.MERGE);

            assertThat(api.requests("POST", "/api/graphql")).hasSize(1);
            assertThat(api.pull(1).merge.path("variables").path("method").asString()).isEqualTo("MERGE");
        }
    }
}
