package io.shiplog.local.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitServerOptionsTest {

    @Test
    void refusesUsernameWithColonOrBlankNamingIt() {
        assertThatThrownBy(() -> new GitServer.Options("a:b", "pw"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a:b'");
        assertThatThrownBy(() -> new GitServer.Options(" ", "pw"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("username");
    }

    @Test
    void refusesEmptyPassword() {
        assertThatThrownBy(() -> new GitServer.Options("alice", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password");
    }

    @Test
    void defaultsToRandomPasswordThatToStringHides() {
        GitServer.Options first = GitServer.Options.defaults();
        GitServer.Options second = GitServer.Options.defaults();

        assertThat(first.username()).isEqualTo("shiplog");
        assertThat(first.password()).hasSize(32).isNotEqualTo(second.password());
        assertThat(first.toString()).contains("shiplog").doesNotContain(first.password());
    }

    @Test
    void acceptsAuthorizedKeysAndRefusesLinesThatAreNotPublicKeys(@TempDir Path dir) {
        String key = SshKeyPair.generate(dir.resolve("id_ed25519")).publicKey();

        GitServer.Options options = GitServer.Options.defaults().withAuthorizedKey(key);

        assertThat(options.authorizedKeys()).containsExactly(key);
        assertThat(options.toString()).contains("authorizedKeys=1").doesNotContain(options.password());
        assertThatThrownBy(() -> GitServer.Options.defaults().withAuthorizedKey("ssh-rsa garbage"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ssh-rsa garbage'");
        assertThat(GitServer.Options.defaults().authorizedKeys()).isEmpty();
    }

    @Test
    void keepsDataDirectoryAndPortsThroughEveryWither(@TempDir Path dir) {
        String key = SshKeyPair.generate(dir.resolve("id_ed25519")).publicKey();

        GitServer.Options options = GitServer.Options.defaults().withDataDir(dir.resolve("data"))
                .withHttpPort(8480).withSshPort(8422).withDaemonPort(8418).withAuthorizedKey(key);

        assertThat(options.dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(options.httpPort()).isEqualTo(8480);
        assertThat(options.sshPort()).isEqualTo(8422);
        assertThat(options.daemonPort()).isEqualTo(8418);
        assertThat(options.toString()).contains("dataDir=" + dir.resolve("data"), "httpPort=8480")
                .doesNotContain(options.password());
    }

    @Test
    void defaultsToATempDirectoryAndFreePortsAndStoresADataDirectoryAbsolute() {
        GitServer.Options options = new GitServer.Options("alice", "pw");

        assertThat(options.dataDir()).isNull();
        assertThat(options.httpPort()).isZero();
        assertThat(options.sshPort()).isZero();
        assertThat(options.daemonPort()).isZero();
        assertThat(options.withDataDir(Path.of("shiplog-dev/git")).dataDir())
                .isEqualTo(Path.of("shiplog-dev/git").toAbsolutePath());
    }

    @Test
    void refusesPortsOutsideTheTcpRangeOrUsedTwice() {
        assertThatThrownBy(() -> GitServer.Options.defaults().withHttpPort(70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("httpPort 70000");
        assertThatThrownBy(() -> GitServer.Options.defaults().withSshPort(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sshPort -1");
        assertThatThrownBy(() -> GitServer.Options.defaults().withHttpPort(9000).withDaemonPort(9000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must differ");
    }
}
