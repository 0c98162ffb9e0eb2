package io.shiplog.local.git;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys allowed to log in to the git SSH server as {@value #USER}; keys can be added while it runs.
 * There is no other way in: no passwords, no keyboard-interactive, no host-based authentication.
 */
final class AuthorizedKeys implements PublickeyAuthenticator {

    /** The only user name the server accepts, as in {@code ssh://git@host/repo}. */
    static final String USER = "git";

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizedKeys.class);

    private final List<PublicKey> keys = new CopyOnWriteArrayList<>();

    void add(PublicKey key) {
        Objects.requireNonNull(key, "public key");
        if (keys.stream().noneMatch(known -> KeyUtils.compareKeys(known, key))) {
            keys.add(key);
        }
    }

    int size() {
        return keys.size();
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        boolean knownKey = keys.stream().anyMatch(known -> KeyUtils.compareKeys(known, key));
        if (!knownKey || !USER.equals(username)) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("ssh login as '{}' from {} with {} key {} refused: {}", username,
                        session == null ? "?" : session.getClientAddress(), KeyUtils.getKeyType(key),
                        KeyUtils.getFingerPrint(key),
                        knownKey ? "only user '" + USER + "' may log in" : "key not authorized");
            }
            return false;
        }
        return true;
    }

    /**
     * Parses one OpenSSH public key line ({@code ssh-ed25519 AAAA... comment}, as in {@code authorized_keys} or a
     * {@code .pub} file). Fails naming the line when it is not one.
     */
    static PublicKey parse(String line) {
        if (line == null || line.isBlank()) {
            throw new IllegalArgumentException("authorized key must be an OpenSSH public key line, not blank");
        }
        try {
            AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line.strip());
            if (entry == null) {
                throw new IllegalArgumentException("nothing to parse");
            }
            PublicKey key = entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
            if (key == null) {
                throw new IllegalArgumentException("no key in it");
            }
            return key;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("authorized key '" + shorten(line.strip()) + "' is not an OpenSSH "
                    + "public key line ('<type> <base64> [comment]'): " + e.getMessage(), e);
        }
    }

    private static String shorten(String line) {
        return line.length() <= 60 ? line : line.substring(0, 60) + "...";
    }
}
