package io.shiplog.local.kafka;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A real Kafka broker for tests and {@code shiplog dev}. By default an in-JVM KRaft broker built from the Maven
 * Central jars; with {@code -Dshiplog.kafka=testcontainers} (and a Docker engine) a Testcontainers broker instead.
 */
public interface KafkaBroker extends AutoCloseable {

    /** System property that selects the implementation: {@code embedded} (default) or {@code testcontainers}. */
    String MODE_PROPERTY = "shiplog.kafka";

    /** {@code host:port} list for {@code bootstrap.servers}. */
    String bootstrapServers();

    @Override
    void close();

    /** Starts a new broker of the selected kind and waits until it answers metadata requests. */
    static KafkaBroker start() {
        String mode = System.getProperty(MODE_PROPERTY, "embedded").trim().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "embedded", "" -> EmbeddedKafkaBroker.startEphemeral();
            case "testcontainers" -> TestcontainersKafkaBroker.start();
            default -> throw new IllegalArgumentException("unknown " + MODE_PROPERTY + " value '" + mode
                    + "': use 'embedded' or 'testcontainers'");
        };
    }

    /**
     * Starts an in-JVM broker as {@code options} say (fixed ports and a kept data directory as {@code shiplog dev}
     * does, SASL/SCRAM with ACLs); it can be stopped and started again on the same directory and ports.
     */
    static RestartableKafkaBroker startEmbedded(EmbeddedOptions options) {
        return EmbeddedKafkaBroker.start(options);
    }

    /**
     * Options of the in-JVM broker.
     *
     * @param port           client port, 0 for a free one
     * @param controllerPort KRaft controller port, 0 for a free one
     * @param dataDir        log directory kept after close (formatted on first use); empty for a temporary one
     * @param scram          SASL/SCRAM-SHA-512 on the client listener with the KRaft {@code StandardAuthorizer};
     *                       empty for a PLAINTEXT listener without authorization
     */
    record EmbeddedOptions(int port, int controllerPort, Optional<Path> dataDir, Optional<ScramSecurity> scram) {

        public EmbeddedOptions {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(scram, "scram");
        }

        /** A PLAINTEXT broker. */
        public EmbeddedOptions(int port, int controllerPort, Optional<Path> dataDir) {
            this(port, controllerPort, dataDir, Optional.empty());
        }

        /** Free ports and a temporary directory removed on close. */
        public static EmbeddedOptions ephemeral() {
            return new EmbeddedOptions(0, 0, Optional.empty());
        }

        /** These options with SASL/SCRAM authentication and ACL authorization. */
        public EmbeddedOptions withScram(ScramSecurity security) {
            return new EmbeddedOptions(port, controllerPort, dataDir, Optional.of(security));
        }
    }

    /**
     * A client listener that authenticates with SCRAM-SHA-512 and authorizes with ACLs (KRaft
     * {@code StandardAuthorizer}, nothing allowed without an ACL). The credentials are created when the data directory
     * is formatted, as {@code kafka-storage format --add-scram} does; the admin is a super user. The controller
     * listener stays PLAINTEXT on loopback (its anonymous principal, the broker itself, is a super user too).
     *
     * @param adminUser     super user, also used by the test kit to wait for the broker
     * @param adminPassword its password
     * @param users         further principals (user name to password), without any ACL
     */
    record ScramSecurity(String adminUser, String adminPassword, Map<String, String> users) {

        /** The SASL mechanism of the client listener. */
        public static final String MECHANISM = "SCRAM-SHA-512";

        public ScramSecurity {
            Objects.requireNonNull(adminUser, "adminUser");
            Objects.requireNonNull(adminPassword, "adminPassword");
            users = Map.copyOf(users);
        }

        /** Client properties ({@code security.protocol}, {@code sasl.*}) that log in as {@code user}. */
        public static Map<String, Object> clientProperties(String user, String password) {
            return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", MECHANISM,
                    "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                            + user + "\" password=\"" + password + "\";");
        }

        /** Client properties of the super user. */
        public Map<String, Object> adminClientProperties() {
            return clientProperties(adminUser, adminPassword);
        }

        @Override
        public String toString() {
            return "ScramSecurity[admin=" + adminUser + ", users=" + users.keySet() + "]";
        }
    }

    /** The broker shared by everything in this JVM, started on first use and stopped at JVM exit. */
    static KafkaBroker shared() {
        return SharedKafkaBroker.BROKER.get();
    }
}
