package io.shiplog.local.oci;

import io.shiplog.local.support.Ports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How to start a {@link ContainerRegistry}: auth on or off (htpasswd, or token auth through a {@link TokenServer})
 * and its credentials; whether the handle's own receiver records notifications (and the headers the registry sends
 * it); further notification endpoints such as a scanner's webhook; the start-up timeout; where images are stored and
 * the port. {@link #toString()} never shows the password or header values.
 *
 * @param storage null for a temp directory deleted on close; else the registry's storage root, created on first use,
 *                kept on close, so images pushed in one run are served in the next (stored absolute)
 * @param port    the port on 127.0.0.1, 0 for a free one
 * @param tokenAuth null for htpasswd (when {@code auth}); else token authentication through a {@link TokenServer}
 */
public record RegistryOptions(boolean auth, String username, String password, boolean ownReceiver,
                              Map<String, String> receiverHeaders, List<NotificationEndpoint> endpoints,
                              Duration startTimeout, Path storage, int port, TokenAuth tokenAuth) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public RegistryOptions {
        if (username == null || !username.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("registry username '" + username
                    + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (password == null || password.isEmpty() || password.getBytes(StandardCharsets.UTF_8).length > 72) {
            throw new IllegalArgumentException("registry password for user '" + username
                    + "' must be 1-72 bytes long (bcrypt's limit)");
        }
        if (password.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("registry password for user '" + username
                    + "' contains control characters");
        }
        receiverHeaders = NotificationEndpoint.checkedHeaders(receiverHeaders);
        endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("registry startTimeout " + startTimeout + " must be positive");
        }
        storage = storage == null ? null : storage.toAbsolutePath().normalize();
        Ports.checkOption(port, "registry port");
    }

    /** Temp storage and a free port. */
    public RegistryOptions(boolean auth, String username, String password, boolean ownReceiver,
                           Map<String, String> receiverHeaders, List<NotificationEndpoint> endpoints,
                           Duration startTimeout) {
        this(auth, username, password, ownReceiver, receiverHeaders, endpoints, startTimeout, null, 0, null);
    }

    /** htpasswd auth as user {@code shiplog} with a random password, the own receiver on, no other endpoints. */
    public static RegistryOptions defaults() {
        return new RegistryOptions(true, "shiplog", randomPassword(), true, Map.of(), List.of(),
                Duration.ofSeconds(30));
    }

    public RegistryOptions withoutAuth() {
        return new RegistryOptions(false, username, password, ownReceiver, receiverHeaders, endpoints,
                startTimeout, storage, port, null);
    }

    /**
     * Token authentication instead of htpasswd: a {@link TokenServer} started with the registry grants the user
     * every action and anonymous callers {@code pull} on {@code publicRepositories} only; its tokens live
     * {@code lifetime}.
     */
    public RegistryOptions withTokenAuth(Set<String> publicRepositories, Duration lifetime) {
        return new RegistryOptions(true, username, password, ownReceiver, receiverHeaders, endpoints,
                startTimeout, storage, port, new TokenAuth(publicRepositories, lifetime));
    }

    /**
     * How a {@link TokenServer} grants access.
     *
     * @param publicRepositories repositories anyone may pull without credentials
     * @param lifetime           {@code expires_in} of its tokens and their {@code exp}
     */
    public record TokenAuth(Set<String> publicRepositories, Duration lifetime) {
        public TokenAuth {
            publicRepositories = Set.copyOf(publicRepositories);
            if (lifetime.isNegative() || lifetime.toSeconds() < 1) {
                throw new IllegalArgumentException("token lifetime " + lifetime + " must be at least a second");
            }
        }
    }

    /** Without the testkit's own receiver: no notifications unless endpoints are added (benchmarks). */
    public RegistryOptions withoutReceiver() {
        return new RegistryOptions(auth, username, password, false, receiverHeaders, endpoints,
                startTimeout, storage, port, tokenAuth);
    }

    public RegistryOptions withCredentials(String newUsername, String newPassword) {
        return new RegistryOptions(true, newUsername, newPassword, ownReceiver, receiverHeaders, endpoints,
                startTimeout, storage, port, tokenAuth);
    }

    /** Headers the registry adds to every notification sent to the handle's own receiver. */
    public RegistryOptions withReceiverHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(receiverHeaders);
        more.put(name, value);
        return new RegistryOptions(auth, username, password, ownReceiver, more, endpoints, startTimeout, storage, port,
                tokenAuth);
    }

    /** Sends notifications to {@code endpoint} as well as to the endpoints already configured. */
    public RegistryOptions withEndpoint(NotificationEndpoint endpoint) {
        List<NotificationEndpoint> more = new ArrayList<>(endpoints);
        more.add(Objects.requireNonNull(endpoint, "endpoint"));
        return new RegistryOptions(auth, username, password, ownReceiver, receiverHeaders, more,
                startTimeout, storage, port, tokenAuth);
    }

    /** Sends notifications to {@code endpoint} only: the handle's own receiver is not started. */
    public RegistryOptions notifyOnly(NotificationEndpoint endpoint) {
        return new RegistryOptions(auth, username, password, false, Map.of(), List.of(endpoint),
                startTimeout, storage, port, tokenAuth);
    }

    public RegistryOptions withStartTimeout(Duration timeout) {
        return new RegistryOptions(auth, username, password, ownReceiver, receiverHeaders, endpoints,
                timeout, storage, port, tokenAuth);
    }

    /**
     * Stores images in {@code directory} and keeps them there on close (null: a temp directory). The directory
     * holds only the registry's storage; its configuration, with the password hash and notification headers, stays
     * in a private temp directory.
     */
    public RegistryOptions withStorage(Path directory) {
        return new RegistryOptions(auth, username, password, ownReceiver, receiverHeaders, endpoints, startTimeout,
                directory, port, tokenAuth);
    }

    /** Listens on {@code newPort} of 127.0.0.1 (0: a free port). */
    public RegistryOptions withPort(int newPort) {
        return new RegistryOptions(auth, username, password, ownReceiver, receiverHeaders, endpoints, startTimeout,
                storage, newPort, tokenAuth);
    }

    @Override
    public String toString() {
        return "RegistryOptions[auth=" + auth + ", username=" + username + ", password=***, ownReceiver="
                + ownReceiver + ", receiverHeaders=" + receiverHeaders.keySet() + ", endpoints=" + endpoints
                + ", startTimeout=" + startTimeout + ", storage=" + (storage == null ? "(temp)" : storage)
                + ", port=" + port + ", tokenAuth=" + tokenAuth + "]";
    }

    private static String randomPassword() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
