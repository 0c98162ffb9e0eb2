package io.shiplog.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitAccessTest {

    @TempDir
    Path dir;

    private static GitRemote remote(String url) {
        return new GitRemote("config", url, null, null, null, null, null, Duration.ofSeconds(10));
    }

    private RevCommit upstream() throws Exception {
        try (Git git = Git.init().setDirectory(dir.resolve("upstream").toFile()).setInitialBranch("main").call()) {
            Files.writeString(dir.resolve("upstream/app.yaml"), "kind: ConfigMap\n");
            git.add().addFilepattern("app.yaml").call();
            return git.commit().setMessage("first").setAuthor("t", "t@x").setCommitter("t", "t@x").call();
        }
    }

    private ObjectId fetchInto(GitAccess access, String mirror) throws IOException {
        try (Repository local = new FileRepositoryBuilder().setGitDir(dir.resolve(mirror).toFile()).setBare()
                .build()) {
            local.create(true);
            try (Transport transport = access.open(local)) {
                transport.fetch(NullProgressMonitor.INSTANCE, List.of(new RefSpec("+refs/heads/*:refs/heads/*")));
            }
            return local.resolve("refs/heads/main");
        }
    }

    @Test
    void fetchesFromAPlainLocalPath() throws Exception {
        RevCommit commit = upstream();
        try (GitAccess access = GitAccess.of(remote(dir.resolve("upstream").toString()), dir.resolve("client"))) {
            assertThat(fetchInto(access, "path.git")).isEqualTo(commit.getId());
        }
        assertThat(dir.resolve("client")).doesNotExist();
    }

    @Test
    void fetchesFromAFileUrl() throws Exception {
        RevCommit commit = upstream();
        try (GitAccess access = GitAccess.of(remote(dir.resolve("upstream").toUri().toString()),
                dir.resolve("client"))) {
            assertThat(fetchInto(access, "file.git")).isEqualTo(commit.getId());
        }
    }

    @Test
    void sendsHttpBasicCredentialsWithTheFirstRequestInsteadOfWaitingToBeRefused() throws Exception {
        List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(exchange.getRequestURI().getPath() + " " + authorization);
            if (authorization == null) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
            }
            exchange.sendResponseHeaders(authorization == null ? 401 : 404, -1);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/c.git";
        GitRemote remote = new GitRemote("config", url, "bot", "test-pw", null, null, null, Duration.ofSeconds(5));
        try (GitAccess access = GitAccess.of(remote, dir)) {
            assertThatThrownBy(() -> fetchInto(access, "http.git")).isInstanceOf(TransportException.class);
        } finally {
            server.stop(0);
        }
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(
                "bot:test-pw".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(authorizations).first().isEqualTo("/c.git/info/refs " + basic);
        assertThat(authorizations).allSatisfy(a -> assertThat(a).endsWith(basic));
    }

    @Test
    void explainsAFailureNamingTheRepositoryWithoutSecrets() throws Exception {
        GitRemote remote = new GitRemote("config", "https://bot:pw-9@127.0.0.1:1/c.git", "bot", "pw-9", null, null,
                null, Duration.ofSeconds(1));
        try (GitAccess access = GitAccess.of(remote, dir)) {
            String text = access.failure("fetch", new TransportException("https://bot:pw-9@127.0.0.1:1/c.git: "
                    + "connection refused", new IOException("pw-9 rejected")));
            assertThat(text).isEqualTo("fetch of config (https://***@127.0.0.1:1/c.git) failed: "
                    + "https://***@127.0.0.1:1/c.git: connection refused: *** rejected");
        }
    }

    @Test
    void explainsEachCauseOnce() {
        try (GitAccess access = GitAccess.of(remote("/srv/c.git"), dir)) {
            IOException inner = new IOException("Server key did not validate");
            assertThat(access.explain(new TransportException("ssh://h/c.git: Server key did not validate",
                    new IOException("Server key did not validate", inner))))
                    .isEqualTo("ssh://h/c.git: Server key did not validate");
            assertThat(access.explain(new IllegalStateException((String) null))).isEqualTo("IllegalStateException");
        }
    }

    @Test
    void preparesItsOwnSshHomeWithStrictHostKeyChecking() throws Exception {
        GitRemote remote = new GitRemote("config", "ssh://git@127.0.0.1:1/c.git", null, null, null,
                dir.resolve("id"), dir.resolve("known_hosts"), Duration.ofSeconds(7));
        try (GitAccess access = GitAccess.of(remote, dir.resolve("client"))) {
            assertThat(Files.readString(dir.resolve("client/ssh-home/.ssh/config")))
                    .contains("StrictHostKeyChecking yes", "BatchMode yes", "ConnectTimeout 7");
        }
    }

    @Test
    void refusesAUrlItCannotParseNamingTheRepository() {
        assertThatThrownBy(() -> GitAccess.of(remote(""), dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("repository config: '' is not a git URL");
    }
}
