package io.shiplog.local.oci;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a {@link ContainerRegistry}: htpasswd auth on or off and its credentials; whether the handle's own
 * receiver records notifications (and the headers the registry sends it); further notification endpoints such as
 * a scanner's webhook; the start-up timeout. {@link #toString()} never shows the password or header values.
 */
public record RegistryOptions(boolean auth, String username, String password, boolean ownReceiver,
                              Map<String, String> receiverHeaders, List<NotificationEndpoint> endpoints,
                              Duration startTimeout) {

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
    }

    /** htpasswd auth as user {@code shiplog} with a random password, the own receiver on, no other endpoints. */
    public static RegistryOptions defaults() {
        return new RegistryOptions(true, "shiplog", randomPassword(), true, Map.of(), List.of(),
                Duration.ofSeconds(30));
    }

    public RegistryOptions withoutAuth() {
        return new RegistryOptions(false, username, password, ownReceiver, receiverHeaders, endpoints, startTimeout);
    }

    /** Without the testkit's own receiver: no notifications unless endpoints are added (benchmarks). */
    public RegistryOptions withoutReceiver() {
        return new RegistryOptions(auth, username, password, false, receiverHeaders, endpoints, startTimeout);
    }

    public RegistryOptions withCredentials(String newUsername, String newPassword) {
        return new RegistryOptions(true, newUsername, newPassword, ownReceiver, receiverHeaders, endpoints,
                startTimeout);
    }

    /** Headers the registry adds to every notification sent to the handle's own receiver. */
    public RegistryOptions withReceiverHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(receiverHeaders);
        more.put(name, value);
        return new RegistryOptions(auth, username, password, ownReceiver, more, endpoints, startTimeout);
    }

    /** Sends notifications to {@code endpoint} as well as to the endpoints already configured. */
    public RegistryOptions withEndpoint(NotificationEndpoint endpoint) {
        List<NotificationEndpoint> more = new ArrayList<>(endpoints);
        more.add(Objects.requireNonNull(endpoint, "endpoint"));
        return new RegistryOptions(auth, username, password, ownReceiver, receiverHeaders, more, startTimeout);
    }

    /** Sends notifications to {@code endpoint} only: the handle's own receiver is not started. */
    public RegistryOptions notifyOnly(NotificationEndpoint endpoint) {
        return new RegistryOptions(auth, username, password, false, Map.of(), List.of(endpoint), startTimeout);
    }

    public RegistryOptions withStartTimeout(Duration timeout) {
        return new RegistryOptions(auth, username, password, ownReceiver, receiverHeaders, endpoints, timeout);
    }

    @Override
    public String toString() {
        return "RegistryOptions[auth=" + auth + ", username=" + username + ", password=***, ownReceiver="
                + ownReceiver + ", receiverHeaders=" + receiverHeaders.keySet() + ", endpoints=" + endpoints
                + ", startTimeout=" + startTimeout + "]";
    }

    private static String randomPassword() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
