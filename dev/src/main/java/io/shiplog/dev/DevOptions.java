package io.shiplog.dev;

import io.shiplog.dev.demo.DemoInfrastructure;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How {@code shiplog dev} lays the system out on this machine. Port 0 picks a free port.
 *
 * @param kafkaPort          broker port (its KRaft controller takes the next one)
 * @param schemaRegistryPort schema registry port
 * @param servicePort        first service port (scanner, git-writer, applier, auditor take four in a row)
 * @param registryPort       the demo's container registry
 * @param gitPort            the demo's git server (smart HTTP)
 * @param dataDir            where everything is kept across runs; empty keeps it in a temporary directory
 * @param config             the user's fleet file; empty runs the demo (its own registry, repository, clusters)
 * @param services           whether to start the four services (and the demo) too
 * @param demo               what the demo runs (its clusters)
 */
public record DevOptions(int kafkaPort, int schemaRegistryPort, int servicePort, int registryPort, int gitPort,
                         Optional<Path> dataDir, Optional<Path> config, boolean services,
                         DemoInfrastructure.Options demo) {

    public DevOptions {
        for (int port : new int[] {kafkaPort, schemaRegistryPort, servicePort, registryPort, gitPort}) {
            if (port < 0 || port > 65_000) {
                throw new IllegalArgumentException("port " + port + " is out of range 0..65000");
            }
        }
    }

    /** Free ports everywhere, a temporary data directory, the demo and all services: what the tests use. */
    public static DevOptions ephemeral() {
        return new DevOptions(0, 0, 0, 0, 0, Optional.empty(), Optional.empty(), true,
                DemoInfrastructure.Options.demo());
    }

    /** The same layout with {@code dir} as the data directory. */
    public DevOptions withDataDir(Path dir) {
        return new DevOptions(kafkaPort, schemaRegistryPort, servicePort, registryPort, gitPort, Optional.of(dir),
                config, services, demo);
    }

    /** The same layout with the demo running {@code options}. */
    public DevOptions withDemo(DemoInfrastructure.Options options) {
        return new DevOptions(kafkaPort, schemaRegistryPort, servicePort, registryPort, gitPort, dataDir, config,
                services, options);
    }

    /** Whether it runs the demo: services and no fleet file of the user's. */
    public boolean runsDemo() {
        return services && config.isEmpty();
    }
}
