package io.shiplog.local.git;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/** Checks HTTP Basic {@code Authorization} headers against one user and password. */
final class BasicAuth {

    static final String REALM = "shiplog-git";

    private final String username;
    private final byte[] expected;

    BasicAuth(String username, String password) {
        this.username = username;
        this.expected = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code WWW-Authenticate} value sent with a 401. */
    static String challenge() {
        return "Basic realm=\"" + REALM + "\"";
    }

    /** The user name when {@code authorization} carries the right credentials, otherwise empty. */
    Optional<String> authenticate(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String value = authorization.trim();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("basic")) {
            return Optional.empty();
        }
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(value.substring(space + 1).trim());
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        return MessageDigest.isEqual(presented, expected) ? Optional.of(username) : Optional.empty();
    }
}
