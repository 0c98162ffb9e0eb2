package io.shiplog.local.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.util.security.SecurityUtils;

/** Ed25519 key pairs through Apache MINA sshd, which needs Bouncy Castle (brought by client-java) for them. */
final class Ed25519Keys {

    private Ed25519Keys() {
    }

    static KeyPair generate() {
        if (!SecurityUtils.isEDDSACurveSupported()) {
            throw new IllegalStateException("cannot generate an ed25519 SSH key: Apache MINA sshd finds no EdDSA "
                    + "provider (put org.bouncycastle:bcprov-jdk18on on the class path)");
        }
        try {
            return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an ed25519 SSH key: " + e.getMessage(), e);
        }
    }

    /**
     * The key pair in {@code file} (an unencrypted OpenSSH private key), or a new one written there (mode 0600,
     * parent directories created) when the file does not exist.
     */
    static KeyPair loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null,
                            NamedResource.ofName(file.toString()), in, null);
                    if (pairs != null) {
                        for (KeyPair pair : pairs) {
                            return pair;
                        }
                    }
                }
                throw new IllegalStateException("no key pair in " + file + ": delete it to get a new host key");
            }
            KeyPair pair = generate();
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path partial = Files.createTempFile(file.toAbsolutePath().getParent(), ".host-key-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(partial)) {
                new OpenSSHKeyPairResourceWriter().writePrivateKey(pair, "shiplog-git-server", null, out);
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            return pair;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read or write the SSH host key " + file + ": " + e.getMessage(),
                    e);
        }
    }

    /** The key as OpenSSH writes it in {@code authorized_keys} and {@code known_hosts}: {@code ssh-ed25519 AAAA...}. */
    static String openSshLine(PublicKey key) {
        return PublicKeyEntry.toString(key);
    }
}
