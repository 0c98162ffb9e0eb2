package io.shiplog.local.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshKeyPairTest {

    @TempDir
    Path dir;

    @Test
    void writesAnOpenSshPrivateKeyOnlyItsOwnerCanReadAndThePublicKeyBesideIt() throws Exception {
        SshKeyPair key = SshKeyPair.generate(dir.resolve("keys/id_ed25519"));

        assertThat(key.privateKey()).isEqualTo(dir.resolve("keys/id_ed25519"));
        assertThat(Files.readString(key.privateKey())).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.privateKey())))
                .isEqualTo("rw-------");
        assertThat(key.publicKey()).startsWith("ssh-ed25519 AAAA").endsWith(" shiplog-testkit");
        assertThat(dir.resolve("keys/id_ed25519.pub")).hasContent(key.publicKey());
    }

    @Test
    void privateKeyFileHoldsThePrivateHalfOfThePublicKey() throws Exception {
        SshKeyPair key = SshKeyPair.generate(dir.resolve("id_ed25519"));

        KeyPair loaded;
        try (var in = Files.newInputStream(key.privateKey())) {
            loaded = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("id_ed25519"), in, null).iterator().next();
        }
        PublicKey published = AuthorizedKeys.parse(key.publicKey());
        assertThat(KeyUtils.compareKeys(loaded.getPublic(), published)).isTrue();
    }

    @Test
    void generatesADifferentKeyEachTimeAndToStringShowsNoKeyMaterial() throws Exception {
        SshKeyPair first = SshKeyPair.generate(dir.resolve("first"));
        SshKeyPair second = SshKeyPair.generate(dir.resolve("second"));

        assertThat(first.publicKey()).isNotEqualTo(second.publicKey());
        String privateKeyText = Files.readString(first.privateKey());
        String base64Body = privateKeyText.lines().skip(1).findFirst().orElseThrow();
        assertThat(first.toString()).doesNotContain(base64Body).contains(first.privateKey().toString());
    }

    @Test
    void refusesToOverwriteAnExistingKeyNamingTheFile() throws Exception {
        SshKeyPair.generate(dir.resolve("id_ed25519"));

        assertThatThrownBy(() -> SshKeyPair.generate(dir.resolve("id_ed25519")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.resolve("id_ed25519").toString())
                .hasMessageContaining("already exists");
    }
}
