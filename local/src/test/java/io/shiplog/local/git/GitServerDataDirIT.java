package io.shiplog.local.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.shiplog.local.support.Ports;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A git server that keeps its repositories in a data directory across runs. */
class GitServerDataDirIT {

    private static final int TIMEOUT_SECONDS = 30;

    @TempDir
    Path scratch;

    @Test
    void servesRepositoriesPushedInAnEarlierRunFromTheSameDataDirectory() throws Exception {
        Path dataDir = scratch.resolve("git-data");
        GitServer.Options options = GitServer.Options.defaults().withDataDir(dataDir)
                .withHttpPort(Ports.freePort()).withSshPort(Ports.freePort());
        String httpUrl;
        String hostKey;
        String knownHosts;
        RevCommit pushed;
        try (GitServer first = GitServer.start(options)) {
            first.createRepository("team/config");
            first.commit("team/config", Map.of("app.yaml", "image: app:1.0\n"), "First", Author.TESTKIT);
            httpUrl = first.httpUrl("team/config");
            hostKey = first.sshHostKey();
            knownHosts = Files.readString(first.knownHostsFile());
            Path work = scratch.resolve("clone");
            try (Git git = Git.cloneRepository().setURI(httpUrl).setDirectory(work.toFile())
                    .setCredentialsProvider(first.credentials()).setTimeout(TIMEOUT_SECONDS).call()) {
                Files.writeString(work.resolve("app.yaml"), "image: app:1.1\n");
                git.add().addFilepattern(".").call();
                pushed = git.commit().setMessage("Bump app to 1.1").setAuthor("Ada", "ada@example.com")
                        .setCommitter("Ada", "ada@example.com").call();
                git.push().setCredentialsProvider(first.credentials()).setTimeout(TIMEOUT_SECONDS).call();
            }
            assertThat(first.head("team/config", "main")).hasValue(pushed.name());
        }
        assertThat(dataDir.resolve("repositories/team/config.git")).isDirectory();

        try (GitServer second = GitServer.start(options)) {
            assertThat(second.head("team/config", "main")).hasValue(pushed.name());
            assertThat(second.log("team/config", "main")).extracting(commit -> commit.message().strip())
                    .containsExactly("Bump app to 1.1", "First");
            assertThat(second.httpUrl("team/config")).isEqualTo(httpUrl);
            assertThat(second.sshHostKey()).isEqualTo(hostKey);
            assertThat(second.knownHostsFile()).hasContent(knownHosts.strip());
            Path again = scratch.resolve("clone-again");
            try (Git git = Git.cloneRepository().setURI(second.httpUrl("team/config")).setDirectory(again.toFile())
                    .setCredentialsProvider(second.credentials()).setTimeout(TIMEOUT_SECONDS).call()) {
                assertThat(git.getRepository().resolve("HEAD").name()).isEqualTo(pushed.name());
            }
        }
    }

    @Test
    void refusesASecondServerOnADataDirectoryInUse() {
        Path dataDir = scratch.resolve("busy");
        try (GitServer first = GitServer.start(GitServer.Options.defaults().withDataDir(dataDir))) {
            assertThatThrownBy(() -> GitServer.start(GitServer.Options.defaults().withDataDir(dataDir)))
                    .hasMessageContaining("in use");
            assertThat(first.toString()).contains(dataDir.toString(), "(kept)");
        }
    }

    @Test
    void keepsACommitOfManyFilesAsOnePackAsAPushOfItWouldBe() throws Exception {
        Path dataDir = scratch.resolve("git-data");
        Path files = Files.createDirectories(scratch.resolve("files"));
        for (int i = 0; i < BareRepositories.UNPACK_LIMIT; i++) {
            Files.writeString(files.resolve("app-" + i + ".yaml"), "kind: ConfigMap\nmetadata: {name: app-" + i + "}\n");
        }
        try (GitServer server = GitServer.start(GitServer.Options.defaults().withDataDir(dataDir))) {
            server.createRepository("big");
            String many = server.seed("big", files, "many files");
            Path objects = Files.walk(dataDir).filter(path -> path.endsWith("big.git")).findFirst().orElseThrow()
                    .resolve("objects");

            assertThat(looseObjects(objects)).as("loose objects after a commit of %d files",
                    BareRepositories.UNPACK_LIMIT).isEmpty();
            try (var packs = Files.list(objects.resolve("pack"))) {
                assertThat(packs.filter(path -> path.toString().endsWith(".pack"))).hasSize(1);
            }

            String few = server.commit("big", Map.of("app-1.yaml", "kind: ConfigMap\n"), "one file",
                    Author.TESTKIT);
            assertThat(looseObjects(objects)).as("a small commit stays loose, as a small push is unpacked")
                    .hasSize(3);
            assertThat(server.readFile("big", many, "app-99.yaml")).contains("kind: ConfigMap\nmetadata: {name: app-99}\n");
            assertThat(server.readFile("big", few, "app-1.yaml")).contains("kind: ConfigMap\n");
            try (Git clone = Git.cloneRepository().setURI(server.gitUrl("big"))
                    .setDirectory(scratch.resolve("clone").toFile()).call()) {
                assertThat(clone.log().call()).extracting(RevCommit::getName).containsExactly(few, many);
            }
        }
    }

    private static List<Path> looseObjects(Path objects) throws IOException {
        try (var all = Files.walk(objects)) {
            return all.filter(Files::isRegularFile)
                    .filter(path -> path.getParent().getFileName().toString().matches("[0-9a-f]{2}")).toList();
        }
    }

    @Test
    void stopsTheHttpBackendOfARequestStillInFlightBeforeCloseReturns() throws Exception {
        GitServer server = GitServer.start(GitServer.Options.defaults());
        try (Socket client = new Socket("127.0.0.1", URI.create(server.httpUrl("x")).getPort())) {
            server.createRepository("slow");
            String credentials = Base64.getEncoder().encodeToString(
                    (server.username() + ":" + server.password()).getBytes(StandardCharsets.UTF_8));
            OutputStream out = client.getOutputStream();
            out.write(("POST /slow.git/git-receive-pack HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Basic " + credentials + "\r\n"
                    + "Content-Type: application/x-git-receive-pack-request\r\n"
                    + "Content-Length: 100000\r\n\r\n0000").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ProcessHandle backend = await().atMost(Duration.ofSeconds(10)).until(
                    () -> ProcessHandle.current().children().filter(child -> child.info().command()
                            .map(command -> command.endsWith("git-http-backend")).orElse(false))
                            .findFirst().orElse(null),
                    found -> found != null);

            server.close();

            assertThat(backend.isAlive()).as("git http-backend stopped by the time close() returns").isFalse();
        } finally {
            server.close();
        }
    }
}
