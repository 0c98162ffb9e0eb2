package io.shiplog.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitRemoteTest {

    @TempDir
    Path dir;

    private static GitRemote remote(String url, String password, String token, Path key, Path knownHosts) {
        return new GitRemote("config", url, "bot", password, token, key, knownHosts, Duration.ofSeconds(30));
    }

    private static List<String> problems(GitRemote remote) {
        List<String> problems = new ArrayList<>();
        remote.check("repositories[0]", problems);
        return problems;
    }

    @Test
    void tellsTransportsApartByUrl() {
        assertThat(remote("ssh://git@host:2222/config.git", null, null, null, null).isSsh()).isTrue();
        assertThat(remote("SSH://git@host/config.git", null, null, null, null).isSsh()).isTrue();
        assertThat(remote("git@github.com:acme/config.git", null, null, null, null).isSsh()).isTrue();
        assertThat(remote("https://git.example.com/config.git", null, null, null, null).isSsh()).isFalse();
        assertThat(remote("file:///srv/git/config.git", null, null, null, null).isLocal()).isTrue();
        assertThat(remote("/srv/git/config.git", null, null, null, null).isLocal()).isTrue();
        assertThat(remote("git://host/config.git", null, null, null, null).isLocal()).isFalse();
    }

    @Test
    void acceptsEveryTransportItSupports() throws Exception {
        Path key = Files.writeString(dir.resolve("id_ed25519"), "key");
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "hosts");
        for (String url : List.of("https://git.example.com/c.git", "http://127.0.0.1:8080/c.git", "git://h/c.git",
                "file:///srv/c.git", "/srv/c.git", "ssh://git@h:22/c.git", "git@h:c.git")) {
            assertThat(problems(remote(url, null, "tok", key, knownHosts))).as(url).isEmpty();
        }
    }

    @Test
    void namesEveryBadSettingWithoutASecret() {
        assertThat(problems(remote("not a url", "pw-secret", "tk-secret", null, null))).containsExactly(
                "repositories[0].url 'not a url' is not a git URL",
                "repositories[0] sets both password and token: give one");
        assertThat(problems(remote("ssh://git@h/c.git", null, null, dir.resolve("missing"), null))).containsExactly(
                "repositories[0].ssh-key must name a readable private key file for the SSH URL",
                "repositories[0].known-hosts must name a readable known_hosts file for the SSH URL");
        assertThat(problems(remote("ftp://user:hunter2@h/c.git", null, null, null, null))).hasSize(2)
                .allSatisfy(problem -> assertThat(problem).contains("ftp://***@h/c.git").doesNotContain("hunter2"));
    }

    @Test
    void refusesAPasswordOrTokenInsideTheUrlAndKeepsAUserName() {
        assertThat(problems(remote("https://ci:ghp_s3cr3t@git.example.com/c.git", null, null, null, null)))
                .singleElement().asString().contains("https://***@git.example.com/c.git", "carries a password or token")
                .doesNotContain("ghp_s3cr3t");
        assertThat(problems(remote("https://ci@git.example.com/c.git", null, "tok", null, null))).isEmpty();
    }

    @Test
    void masksUserInfoAndConfiguredSecretsInAnyText() {
        GitRemote remote = remote("https://bot:pw-1@git.example.com/c.git", "pw-1", null, null, null);
        assertThat(remote.redactedUrl()).isEqualTo("https://***@git.example.com/c.git");
        assertThat(remote.mask("https://bot:pw-1@git.example.com/c.git: not authorized (pw-1)"))
                .isEqualTo("https://***@git.example.com/c.git: not authorized (***)");
        assertThat(remote.mask(null)).isEmpty();
    }

    @Test
    void neverShowsPasswordsOrTokens() {
        String text = remote("https://bot:pw-1@git.example.com/c.git", "pw-1", "tk-2", null, null).toString();
        assertThat(text).doesNotContain("pw-1").doesNotContain("tk-2").contains("password=***", "token=***");
    }

    @Test
    void sendsATokenAsUserGitUnlessAUserIsSet() {
        assertThat(new GitRemote("c", "https://h/c.git", null, null, "t", null, null, Duration.ofSeconds(1))
                .tokenUser()).isEqualTo("git");
        assertThat(remote("https://h/c.git", null, "t", null, null).tokenUser()).isEqualTo("bot");
    }
}
