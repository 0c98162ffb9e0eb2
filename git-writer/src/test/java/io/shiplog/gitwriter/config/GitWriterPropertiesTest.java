package io.shiplog.gitwriter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GitWriterPropertiesTest {

    private static final CommitProperties COMMIT = new CommitProperties("Shiplog", "shiplog@localhost", "", "",
            "{summary}", "none", null);
    private static final TuningProperties TUNING = new TuningProperties(Duration.ZERO, Duration.ofMillis(500),
            Duration.ofSeconds(30), 8, Duration.ofMillis(200), 4096, 10_000, Duration.ofSeconds(30), Duration.ofHours(24));

    private static RepositoryProperties repo(String name, String url, String password, String token, Path key,
                                             CommitProperties commit) {
        return new RepositoryProperties(name, url, "main", "", "user", password, token, key, null,
                Duration.ofSeconds(30), Duration.ofSeconds(60), commit, "hook-secret", null);
    }

    @Test
    void failsAtStartUpNamingEveryBadProperty() {
        GitWriterProperties properties = new GitWriterProperties(null, List.of(
                repo("a", "https://git.example.com/a.git", "pw-secret-1", "tk-secret-2", null, COMMIT),
                repo("a", "not a url", null, null, null, COMMIT),
                repo("b", "git@git.example.com:b.git", null, null, null, new CommitProperties("S", "s@x", "", "",
                        "{summary}", "ssh", null))), TUNING, List.of(), List.of());

        assertThatThrownBy(properties::validated).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("repositories[0] sets both password and token")
                .hasMessageContaining("repositories[1].name 'a' is used twice")
                .hasMessageContaining("repositories[1].url 'not a url' is not a git URL")
                .hasMessageContaining("repositories[2].ssh-key must name a readable private key file")
                .hasMessageContaining("repositories[2].commit.signing-key is required with signing-format ssh")
                .hasMessageNotContaining("pw-secret-1").hasMessageNotContaining("tk-secret-2");
    }

    @Test
    void neverShowsSecretsInToString() {
        String text = repo("a", "https://git.example.com/a.git", "hunter2", null, null, COMMIT).toString();
        assertThat(text).doesNotContain("hunter2").doesNotContain("hook-secret").contains("password=***");
    }

    @Test
    void fillsThePullRequestBranchTemplate() {
        RepositoryProperties pr = new RepositoryProperties("a", "https://git.example.com/a.git", "main",
                "shiplog/{branch}-{base}", null, null, null, null, null, Duration.ofSeconds(30),
                Duration.ofSeconds(60), COMMIT, null, null);
        assertThat(pr.pushBranchFor("0123456789abcdef0123")).isEqualTo("shiplog/main-0123456789ab");
        assertThat(pr.pushesElsewhere()).isTrue();
    }
}
