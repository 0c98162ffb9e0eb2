package io.shiplog.local.schemaregistry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** The one user allowed in when the registry runs with basic auth. The password never appears in {@link #toString}. */
record BasicAuth(String user, String password) {

    BasicAuth {
        if (user == null || user.isEmpty() || user.contains(":")) {
            throw new IllegalArgumentException("basic auth user must be non-empty and contain no ':' (got '"
                    + user + "')");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("basic auth password for user '" + user + "' must be non-empty");
        }
    }

    /** Whether an {@code Authorization} header value carries exactly these credentials. */
    boolean permits(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] offered;
        try {
            offered = Base64.getDecoder().decode(authorization.substring(6).trim());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        byte[] expected = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(offered, expected);
    }

    @Override
    public String toString() {
        return "BasicAuth[user=" + user + ", password=***]";
    }
}
