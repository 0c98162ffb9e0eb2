package io.shiplog.schemas.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** How requests authenticate: not at all, HTTP basic or a bearer token. Its toString() never shows the secret. */
public final class RegistryAuth {

    private static final RegistryAuth NONE = new RegistryAuth("none", null);

    private final String description;
    private final String header;

    private RegistryAuth(String description, String header) {
        this.description = description;
        this.header = header;
    }

    public static RegistryAuth none() {
        return NONE;
    }

    /** HTTP basic with {@code user} and {@code password}. */
    public static RegistryAuth basic(String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new RegistryAuth("basic auth", "Basic " + token);
    }

    /** HTTP basic from {@code user:password} (the part before the first colon is the user). */
    public static RegistryAuth basic(String userInfo) {
        int colon = userInfo.indexOf(':');
        return colon < 0 ? basic(userInfo, "") : basic(userInfo.substring(0, colon), userInfo.substring(colon + 1));
    }

    /** A static bearer token. */
    public static RegistryAuth bearer(String token) {
        return new RegistryAuth("bearer token", "Bearer " + token);
    }

    /** The value of the {@code Authorization} header, if any. */
    public Optional<String> authorizationHeader() {
        return Optional.ofNullable(header);
    }

    @Override
    public String toString() {
        return description;
    }
}
