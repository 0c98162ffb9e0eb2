package io.shiplog.local.kafka;

import java.nio.file.Path;
import java.util.Locale;
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
            case "embedded", "" -> EmbeddedKafkaBroker.start();
            case "testcontainers" -> TestcontainersKafkaBroker.start();
            default -> throw new IllegalArgumentException("unknown " + MODE_PROPERTY + " value '" + mode
                    + "': use 'embedded' or 'testcontainers'");
        };
    }

    /** Starts an in-JVM broker with fixed ports and a data directory kept across runs, as {@code shiplog dev} does. */
    static KafkaBroker startEmbedded(EmbeddedOptions options) {
        return EmbeddedKafkaBroker.start(options);
    }

    /**
     * Options of the in-JVM broker.
     *
     * @param port           client port, 0 for a free one
     * @param controllerPort KRaft controller port, 0 for a free one
     * @param dataDir        log directory kept after close (formatted on first use); empty for a temporary one
     */
    record EmbeddedOptions(int port, int controllerPort, Optional<Path> dataDir) {

        /** Free ports and a temporary directory removed on close. */
        public static EmbeddedOptions ephemeral() {
            return new EmbeddedOptions(0, 0, Optional.empty());
        }
    }

    /** The broker shared by everything in this JVM, started on first use and stopped at JVM exit. */
    static KafkaBroker shared() {
        return SharedKafkaBroker.BROKER.get();
    }
}
