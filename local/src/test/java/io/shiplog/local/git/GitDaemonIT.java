package io.shiplog.local.git;

import io.shiplog.local.junit.GitServerExtension;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(GitServerExtension.class)
class GitDaemonIT {

    @TempDir
    Path scratch;

    @Test
    void clonesAndPushesAnonymouslyOverGitProtocolWithGitCli(GitServer server) throws Exception {
        String repo = "daemon-cli";
        server.createRepository(repo);
        String seedSha = server.commit(repo, Map.of("apps/web.yaml", "image: web:1\n"), "Add web", Author.TESTKIT);
        GitCli git = new GitCli(scratch);
        Path work = scratch.resolve("clone");

        GitCli.Result clone = git.run(scratch, "clone", server.gitUrl(repo), work.toString());
        assertThat(clone.exitCode()).as(clone.output()).isZero();
        assertThat(work.resolve("apps/web.yaml")).hasContent("image: web:1");
        Files.writeString(work.resolve("apps/api.yaml"), "image: api:1\n");
        git.run(work, "add", ".");
        assertThat(git.run(work, "commit", "-m", "Add api").exitCode()).isZero();
        GitCli.Result push = git.run(work, "push", "origin", "main");
        assertThat(push.exitCode()).as(push.output()).isZero();

        GitCommit newest = server.log(repo, "main").get(0);
        assertThat(newest.parents()).containsExactly(seedSha);
        assertThat(newest.authorName()).isEqualTo("Grace Hopper");
        assertThat(newest.changedPaths()).containsExactly("apps/api.yaml");
        assertThat(server.readFile(repo, "main", "apps/api.yaml")).contains("image: api:1\n");
    }

    @Test
    void clonesAndPushesAnonymouslyOverGitProtocolWithJGit(GitServer server) throws Exception {
        String repo = "daemon-jgit";
        server.createRepository(repo);
        server.commit(repo, Map.of("apps/web.yaml", "image: web:1\n"), "Add web", Author.TESTKIT);
        Path work = scratch.resolve("clone");
        RevCommit pushed;
        try (Git git = Git.cloneRepository().setURI(server.gitUrl(repo)).setDirectory(work.toFile())
                .setTimeout(30).call()) {
            Files.writeString(work.resolve("apps/web.yaml"), "image: web:2\n");
            git.add().addFilepattern(".").call();
            pushed = git.commit().setMessage("Bump web").setAuthor("Ada Lovelace", "ada@example.com").call();
            for (PushResult result : git.push().setTimeout(30).call()) {
                assertThat(result.getRemoteUpdates()).extracting(RemoteRefUpdate::getStatus)
                        .containsOnly(RemoteRefUpdate.Status.OK);
            }
        }
        assertThat(server.head(repo, "main")).contains(pushed.name());
        assertThat(server.log(repo, "main").get(0).authorEmail()).isEqualTo("ada@example.com");
    }
}
