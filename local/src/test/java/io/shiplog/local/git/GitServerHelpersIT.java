package io.shiplog.local.git;

import io.shiplog.local.junit.GitServerExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(GitServerExtension.class)
class GitServerHelpersIT {

    @TempDir
    Path scratch;

    @Test
    void seedsDirectoryAsFirstAndThenNextCommitOnMain(GitServer server) throws Exception {
        String repo = "helpers-seed";
        server.createRepository(repo);
        assertThat(server.head(repo, "main")).isEmpty();
        assertThat(server.log(repo, "main")).isEmpty();
        Path first = Files.createDirectories(scratch.resolve("first/clusters/prod"));
        Files.writeString(first.resolve("app.yaml"), "replicas: 3\n");
        Files.writeString(scratch.resolve("first/README.md"), "config\n");
        Files.createDirectories(scratch.resolve("first/.git"));
        Files.writeString(scratch.resolve("first/.git/HEAD"), "not to be seeded\n");
        Path second = Files.createDirectories(scratch.resolve("second/clusters/prod"));
        Files.writeString(second.resolve("app.yaml"), "replicas: 5\n");

        String firstSha = server.seed(repo, scratch.resolve("first"), "Initial configuration");
        String secondSha = server.seed(repo, scratch.resolve("second"), "Scale prod");

        List<GitCommit> log = server.log(repo, "main");
        assertThat(log).extracting(GitCommit::sha).containsExactly(secondSha, firstSha);
        assertThat(log.get(1).parents()).isEmpty();
        assertThat(log.get(1).changedPaths()).containsExactly("README.md", "clusters/prod/app.yaml");
        assertThat(log.get(0).parents()).containsExactly(firstSha);
        assertThat(log.get(0).changedPaths()).containsExactly("clusters/prod/app.yaml");
        assertThat(log.get(0).authorName()).isEqualTo(Author.TESTKIT.name());
        assertThat(server.head(repo, "main")).contains(secondSha);
        assertThat(server.readFile(repo, "main", "README.md")).contains("config\n");
        assertThat(server.readFile(repo, "main", "clusters/prod/app.yaml")).contains("replicas: 5\n");
        assertThat(server.readFile(repo, firstSha, "clusters/prod/app.yaml")).contains("replicas: 3\n");
        assertThat(server.readFile(repo, "main", "missing.yaml")).isEmpty();
    }

    @Test
    void recordsHumanCommitWithItsAuthorTimeAndChangedPaths(GitServer server) {
        String repo = "helpers-commit";
        server.createRepository(repo);
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String sha = server.commit(repo, Map.of("a.txt", "A", "dir/b.txt", "B"), "Add a and b\n\nBody.",
                new Author("Linus", "linus@example.com"));

        GitCommit commit = server.log(repo, "main").get(0);
        assertThat(commit.sha()).isEqualTo(sha).hasSize(40);
        assertThat(commit.authorName()).isEqualTo("Linus");
        assertThat(commit.authorEmail()).isEqualTo("linus@example.com");
        assertThat(commit.time()).isAfterOrEqualTo(before);
        assertThat(commit.subject()).isEqualTo("Add a and b");
        assertThat(commit.message()).isEqualTo("Add a and b\n\nBody.\n");
        assertThat(commit.changedPaths()).containsExactly("a.txt", "dir/b.txt");
    }

    @Test
    void rejectsBadNamesPathsAndUnknownRepositoriesNamingTheInput(GitServer server) {
        server.createRepository("helpers-bad-input");

        assertThatThrownBy(() -> server.createRepository("helpers-bad-input"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'helpers-bad-input' already exists");
        assertThatThrownBy(() -> server.createRepository("../escape"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'../escape'");
        assertThatThrownBy(() -> server.log("no-such-repo", "main"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'no-such-repo'");
        assertThatThrownBy(() -> server.commit("helpers-bad-input", Map.of("../x", "x"), "m", Author.TESTKIT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'../x'");
        assertThatThrownBy(() -> server.readFile("helpers-bad-input", "no-such-branch", "a.txt"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'no-such-branch'");
        assertThatThrownBy(() -> server.seed("helpers-bad-input", scratch.resolve("absent"), "m"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absent");
    }
}
