package io.shiplog.local.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthorizedKeysTest {

    @TempDir
    Path dir;

    @Test
    void letsInOnlyAuthorizedKeysAsUserGit() {
        PublicKey alice = AuthorizedKeys.parse(SshKeyPair.generate(dir.resolve("alice")).publicKey());
        PublicKey mallory = AuthorizedKeys.parse(SshKeyPair.generate(dir.resolve("mallory")).publicKey());
        AuthorizedKeys keys = new AuthorizedKeys();
        keys.add(alice);

        assertThat(keys.authenticate("git", alice, null)).isTrue();
        assertThat(keys.authenticate("root", alice, null)).isFalse();
        assertThat(keys.authenticate("git", mallory, null)).isFalse();
    }

    @Test
    void countsTheSameKeyOnce() {
        String line = SshKeyPair.generate(dir.resolve("alice")).publicKey();
        AuthorizedKeys keys = new AuthorizedKeys();

        keys.add(AuthorizedKeys.parse(line));
        keys.add(AuthorizedKeys.parse(line.replace(" shiplog-testkit", " another comment")));

        assertThat(keys.size()).isEqualTo(1);
    }

    @Test
    void refusesLinesThatAreNotOpenSshPublicKeysNamingThem() {
        assertThatThrownBy(() -> AuthorizedKeys.parse("ssh-ed25519 not-base64!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ssh-ed25519 not-base64!'");
        assertThatThrownBy(() -> AuthorizedKeys.parse("hello"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'hello'");
        assertThatThrownBy(() -> AuthorizedKeys.parse(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not blank");
    }
}
