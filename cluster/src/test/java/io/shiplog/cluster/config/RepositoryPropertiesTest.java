package io.shiplog.cluster.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RepositoryPropertiesTest {

    @TempDir
    Path dir;

    private static RepositoryProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bind("repo", RepositoryProperties.class)
                .get();
    }

    @Test
    void bindsTheSshKeyAndKnownHostsFilesOfAnSshRepository() {
        RepositoryProperties repository = bind(Map.of("repo.name", "config",
                "repo.url", "ssh://git@git.example.com/config.git", "repo.ssh-key", "/etc/shiplog/id_ed25519",
                "repo.known-hosts", "/etc/shiplog/known_hosts"));

        assertThat(repository.sshKey()).isEqualTo(Path.of("/etc/shiplog/id_ed25519"));
        assertThat(repository.knownHosts()).isEqualTo(Path.of("/etc/shiplog/known_hosts"));
        assertThat(repository.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(repository.remote().isSsh()).isTrue();
    }

    @Test
    void checksNamesUrlsCredentialsAndSshFiles() throws Exception {
        Set<String> names = new HashSet<>();
        List<String> problems = new ArrayList<>();
        Path key = Files.writeString(dir.resolve("id"), "k");
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "h");

        new RepositoryProperties("a", "git@git.example.com:a.git", null, null, null, key, knownHosts,
                Duration.ofSeconds(60)).check("r[0]", names, problems);
        new RepositoryProperties("b", "/srv/git/b.git", null, null, null, null, null, Duration.ofSeconds(60))
                .check("r[1]", names, problems);
        assertThat(problems).isEmpty();

        new RepositoryProperties("a", "ssh://git@git.example.com/a.git", null, "pw", "tk", key, null,
                Duration.ofSeconds(60)).check("r[2]", names, problems);
        assertThat(problems).containsExactly("r[2].name 'a' is used twice",
                "r[2] sets both password and token: give one",
                "r[2].known-hosts must name a readable known_hosts file for the SSH URL");
    }

    @Test
    void neverShowsSecretsOrUrlUserInfo() {
        String text = new RepositoryProperties("c", "https://bot:s3cret@git.example.com/c.git", "bot", "s3cret",
                null, null, null, Duration.ofSeconds(60)).toString();
        assertThat(text).doesNotContain("s3cret").contains("password=***", "https://***@git.example.com/c.git");
    }

    @Test
    void refusesRemoteKustomizeBasesUnlessTheRepositoryAllowsThem() {
        assertThat(bind(Map.of("repo.name", "config", "repo.url", "https://git.example.com/c.git"))
                .allowRemoteBases()).isFalse();
        assertThat(bind(Map.of("repo.name", "config", "repo.url", "https://git.example.com/c.git",
                "repo.allow-remote-bases", "true")).allowRemoteBases()).isTrue();
    }
}
