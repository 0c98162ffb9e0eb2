package io.shiplog.dev;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How {@code shiplog dev} lays the system out on this machine.
 *
 * @param kafkaPort    broker port (its KRaft controller takes the next one); 0 picks free ports
 * @param registryPort schema registry port; 0 picks a free one
 * @param servicePort  first service port (scanner, git-writer, applier, auditor take four in a row); 0 picks free ones
 * @param dataDir      where the broker keeps the release log across runs; empty keeps it in a temporary directory
 * @param services     whether to start the four services too
 */
public record DevOptions(int kafkaPort, int registryPort, int servicePort, Optional<Path> dataDir, boolean services) {

    public DevOptions {
        for (int port : new int[] {kafkaPort, registryPort, servicePort}) {
            if (port < 0 || port > 65_000) {
                throw new IllegalArgumentException("port " + port + " is out of range 0..65000");
            }
        }
    }

    /** Free ports everywhere, a temporary data directory, and all services: what the tests use. */
    public static DevOptions ephemeral() {
        return new DevOptions(0, 0, 0, Optional.empty(), true);
    }
}
