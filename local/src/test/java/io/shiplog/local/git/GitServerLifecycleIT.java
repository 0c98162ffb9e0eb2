package io.shiplog.local.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitServerLifecycleIT {

    @TempDir
    Path scratch;

    @Test
    void servesWithGivenCredentialsAndRemovesEverythingOnClose() throws Exception {
        Path repositoryDirectory;
        URI http;
        URI daemon;
        int sshPort;
        Path knownHosts;
        try (GitServer server = GitServer.start(new GitServer.Options("alice", "correct-horse-battery"))) {
            server.createRepository("team/config");
            server.commit("team/config", Map.of("a.txt", "A"), "First", Author.TESTKIT);
            repositoryDirectory = server.repositoryDirectory("team/config");
            http = URI.create(server.httpUrl("team/config"));
            daemon = URI.create(server.gitUrl("team/config"));
            sshPort = server.sshPort();
            knownHosts = server.knownHostsFile();

            try (Git git = Git.cloneRepository().setURI(server.httpUrl("team/config"))
                    .setDirectory(scratch.resolve("clone").toFile()).setTimeout(30)
                    .setCredentialsProvider(new UsernamePasswordCredentialsProvider("alice", "correct-horse-battery"))
                    .call()) {
                assertThat(scratch.resolve("clone/a.txt")).hasContent("A");
            }
            assertThat(server.httpUrl("team/config")).doesNotContain("alice").endsWith("/team/config.git");
            assertThat(server.toString()).doesNotContain("correct-horse-battery");
            assertThat(Files.isDirectory(repositoryDirectory)).isTrue();
            assertThat(server.sshUrl("team/config")).isEqualTo("ssh://git@127.0.0.1:" + sshPort + "/team/config");
            assertThat(server.knownHostsLine()).isEqualTo("[127.0.0.1]:" + sshPort + " " + server.sshHostKey())
                    .matches("\\[127\\.0\\.0\\.1]:\\d+ ssh-ed25519 AAAA[A-Za-z0-9+/=]+");
            assertThat(knownHosts).hasContent(server.knownHostsLine());
        }

        assertThat(Files.exists(repositoryDirectory)).isFalse();
        assertThatThrownBy(() -> new Socket(http.getHost(), http.getPort()).close())
                .isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> new Socket(daemon.getHost(), daemon.getPort()).close())
                .isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> new Socket("127.0.0.1", sshPort).close()).isInstanceOf(ConnectException.class);
        assertThat(knownHosts).doesNotExist();
    }
}
