package io.shiplog.gitwriter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PullRequestPropertiesTest {

    private static PullRequestProperties forge(String forge, URI api, String project, String token) {
        return new PullRequestProperties(forge, api, project, "", token, false, "merge", Duration.ofSeconds(30));
    }

    @Test
    void theRepositoryOnTheForgeAndItsApiComeFromTheCloneUrlUnlessGiven() {
        assertThat(forge("github", null, "", "t").projectFor("https://github.com/acme/fleet.git"))
                .isEqualTo("acme/fleet");
        assertThat(forge("github", null, "", "t").apiFor("https://github.com/acme/fleet.git"))
                .isEqualTo(URI.create("https://api.github.com"));
        assertThat(forge("gitlab", null, "", "t").projectFor("git@gitlab.com:acme/platform/fleet.git"))
                .isEqualTo("acme/platform/fleet");
        assertThat(forge("bitbucket", null, "", "t").apiFor("git@bitbucket.org:acme/fleet.git"))
                .isEqualTo(URI.create("https://api.bitbucket.org/2.0"));
        assertThat(forge("forgejo", null, "", "t").apiFor("https://git.acme.internal:3000/tools/acme/fleet.git"))
                .isEqualTo(URI.create("https://git.acme.internal:3000/tools/api/v1"));
        assertThat(forge("gitea", URI.create("https://gitea.example/api/v1/"), "ops/fleet", "t")
                .apiFor("ssh://git@gitea.example/x/y.git")).isEqualTo(URI.create("https://gitea.example/api/v1"));
        assertThat(forge("gitea", null, "ops/fleet", "t").projectFor("https://gitea.example/x/y.git"))
                .isEqualTo("ops/fleet");
    }

    @Test
    void eachMistakeIsNamedWithItsProperty() {
        List<String> problems = new ArrayList<>();
        new PullRequestProperties("gitee", null, "", "", null, false, "merge", Duration.ofSeconds(1))
                .check("r.pull-requests", "https://x/a/b.git", true, problems);
        assertThat(problems).containsExactly("r.pull-requests.forge must be github, gitlab, gitea, forgejo or "
                + "bitbucket, got 'gitee'");

        problems.clear();
        new PullRequestProperties("gitea", null, "", "", "", false, "fast-forward", Duration.ofSeconds(1))
                .check("r.pull-requests", "git@gitea.example:acme/fleet.git", false, problems);
        assertThat(problems).containsExactly(
                "r.pull-requests needs push-branch (a proposal branch other than the watched branch)",
                "r.pull-requests.token is required to open pull requests on gitea",
                "r.pull-requests.merge-method must be merge, squash or rebase, got 'fast-forward'",
                "r.pull-requests.api-url is required for gitea when the repository URL is not http(s)");
    }

    @Test
    void theTokenIsNeverShown() {
        assertThat(forge("github", null, "", "ghp_secret").toString()).doesNotContain("ghp_secret").contains("***");
    }

    @Test
    void onlyTheTemplatesProposalBranchesAreOwn() {
        RepositoryProperties repo = new RepositoryProperties("a", "https://x/a/b.git", "main",
                "shiplog/{branch}-{base}", null, null, null, null, null, Duration.ofSeconds(30),
                Duration.ofSeconds(60), new CommitProperties("S", "s@x", "", "", "{summary}", "none", null), null,
                null);
        assertThat(repo.proposalBranches().matcher("shiplog/main-0123456789ab").matches()).isTrue();
        assertThat(repo.proposalBranches().matcher("shiplog/main-feature").matches()).isFalse();
        assertThat(repo.proposalBranches().matcher("shiplog/develop-0123456789ab").matches()).isFalse();
    }
}
