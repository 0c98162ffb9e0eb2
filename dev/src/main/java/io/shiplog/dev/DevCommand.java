package io.shiplog.dev;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shiplog dev}: the whole system on this machine with embedded defaults, until Ctrl-C. */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Run Shiplog on this machine: a real Kafka broker (KRaft), the schema registry, "
                + "the release-log topics and the four services.")
public final class DevCommand implements Callable<Integer> {

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka port (controller: the next one). Default ${DEFAULT-VALUE}.")
    int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "8081", description = "Schema registry port. Default ${DEFAULT-VALUE}.")
    int registryPort;

    @Option(names = "--service-port", defaultValue = "8181",
            description = "First service port: registry-scanner, git-writer, cluster-applier, drift-auditor. Default ${DEFAULT-VALUE}.")
    int servicePort;

    @Option(names = "--data-dir", defaultValue = "shiplog-dev",
            description = "Directory keeping the release log across runs. Default ./${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--ephemeral", description = "Keep nothing: temporary data directory and free ports.")
    boolean ephemeral;

    @Option(names = "--services", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Start the four services; --no-services starts only Kafka, the registry and the topics.")
    boolean services;

    @Override
    public Integer call() throws InterruptedException {
        DevOptions options = ephemeral
                ? new DevOptions(0, 0, 0, Optional.empty(), services)
                : new DevOptions(kafkaPort, registryPort, servicePort, Optional.of(dataDir.toAbsolutePath()), services);
        DevEnvironment env = DevEnvironment.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            env.close();
            stopped.countDown();
        }, "shiplog-dev-stop"));
        System.out.println();
        System.out.println("Shiplog dev is running (Ctrl-C stops it)");
        System.out.printf("  %-18s %s%n", "kafka", env.bootstrapServers());
        System.out.printf("  %-18s %s%n", "schema registry", env.registryUrl());
        env.serviceUrls().forEach((name, url) ->
                System.out.printf("  %-18s %s  (health %s/actuator/health, metrics %s/actuator/prometheus)%n",
                        name, url, url, url));
        options.dataDir().ifPresent(dir -> System.out.printf("  %-18s %s%n", "release log data", dir));
        env.auditTokenFile().ifPresent(file -> System.out.printf(
                "  %-18s in %s (export SHIPLOG_AUDIT_TOKEN=$(cat %s))%n", "audit API token", file, file));
        stopped.await();
        return 0;
    }
}
