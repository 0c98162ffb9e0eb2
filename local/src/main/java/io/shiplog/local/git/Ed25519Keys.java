package io.shiplog.local.git;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
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

    /** The key as OpenSSH writes it in {@code authorized_keys} and {@code known_hosts}: {@code ssh-ed25519 AAAA...}. */
    static String openSshLine(PublicKey key) {
        return PublicKeyEntry.toString(key);
    }
}
