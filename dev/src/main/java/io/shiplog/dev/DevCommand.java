package io.shiplog.dev;

import io.shiplog.dev.demo.DemoInfrastructure;
import io.shiplog.dev.demo.DemoRepository;
import io.shiplog.dev.demo.DemoState;
import io.shiplog.dev.release.ReleaseTracker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shiplog dev}: the whole system on this machine with embedded defaults, until Ctrl-C. Without a fleet file
 * it runs the demo: a registry, a git server with an example config repository and two API servers, and a release
 * of {@code demo/app} shown as it happens.
 */
@Command(name = "dev", mixinStandardHelpOptions = true, subcommands = DevPushCommand.class,
        description = {"Run Shiplog on this machine: a real Kafka broker (KRaft), the schema registry, the "
                + "release-log topics and the four services.",
            "Without --config it runs the demo: a container registry, a git server with an example config repository "
                + "and two kube-apiservers, then releases demo/app and prints it as it happens.",
            "Everything is kept in the data directory: a second start resumes where the first stopped."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped with Ctrl-C, or --once released and traced the demo",
            "1:something failed to start, or the --once release did not complete (the reason is printed)",
            "2:usage error"})
public final class DevCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "${env:SHIPLOG_CONFIG}",
            description = "Your fleet file (shiplog.yaml; default: env SHIPLOG_CONFIG): the services run against your "
                    + "registries, repositories and clusters instead of the demo; Kafka and the schema registry stay "
                    + "embedded.")
    Path config;

    @Option(names = "--once", description = "Run the demo release, print its summary line and exit (0 when it was "
            + "applied on both clusters and traced).")
    boolean once;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka port (controller: the next one). Default ${DEFAULT-VALUE}.")
    int kafkaPort;

    @Option(names = "--schema-registry-port", defaultValue = "8081", description = "Schema registry port. Default ${DEFAULT-VALUE}.")
    int schemaRegistryPort;

    @Option(names = "--service-port", defaultValue = "8181",
            description = "First service port: registry-scanner, git-writer, cluster-applier, drift-auditor. Default ${DEFAULT-VALUE}.")
    int servicePort;

    @Option(names = "--registry-port", defaultValue = "5050", description = "The demo's container registry. Default ${DEFAULT-VALUE}.")
    int registryPort;

    @Option(names = "--git-port", defaultValue = "8090", description = "The demo's git server (HTTP). Default ${DEFAULT-VALUE}.")
    int gitPort;

    @Option(names = "--data-dir", defaultValue = "shiplog-dev",
            description = "Directory keeping everything across runs. Default ./${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--ephemeral", description = "Keep nothing: temporary data directory and free ports.")
    boolean ephemeral;

    @Option(names = "--services", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Start the four services; --no-services starts only Kafka, the schema registry and the topics.")
    boolean services;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DevOptions options = ephemeral
                ? new DevOptions(0, 0, 0, 0, 0, Optional.empty(), Optional.ofNullable(config), services,
                DemoInfrastructure.Options.demo())
                : new DevOptions(kafkaPort, schemaRegistryPort, servicePort, registryPort, gitPort,
                Optional.of(dataDir), Optional.ofNullable(config), services, DemoInfrastructure.Options.demo());
        if (once && !options.runsDemo()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--once runs the demo: it cannot be combined with --config or --no-services");
        }
        DevEnvironment env = DevEnvironment.start(options);
        ReleaseTracker tracker = ReleaseTracker.followFromBeginning(env.bootstrapServers(), env.registryUrl());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            tracker.close();
            env.close();
            stopped.countDown();
        }, "shiplog-dev-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        DevConsole console = new DevConsole(env, out);
        console.printRunning();
        if (options.runsDemo()) {
            DemoState state = DemoState.read(env.data().demoState());
            DemoRelease demo = new DemoRelease(env, tracker, out);
            try {
                boolean resumed = !state.released().isEmpty();
                demo.prepare(state);
                if (!resumed || once) {
                    DemoRelease.Outcome outcome = demo.release(state);
                    if (once) {
                        out.println(outcome.summary());
                        out.flush();
                        return stopInOrder(hook, 0);
                    }
                    console.printSummary(outcome);
                } else {
                    console.printResumed(state);
                }
            } catch (TimeoutException | RuntimeException e) {
                out.println("demo: failed: " + e.getMessage());
                out.flush();
                if (once) {
                    return stopInOrder(hook, 1);
                }
            }
            console.printTryNext(state, DemoRepository.CLUSTERS);
        } else if (env.fleetFile().isEmpty()) {
            out.println("No services: Kafka and the schema registry only.");
        }
        out.flush();
        stopped.await();
        return 0;
    }

    /**
     * Stops everything here, services before the infrastructure they use, rather than in the JVM's shutdown hooks,
     * which run all at once (API servers would go before the services that still talk to them).
     */
    private static int stopInOrder(Thread hook, int status) {
        Runtime.getRuntime().removeShutdownHook(hook);
        hook.run();
        return status;
    }
}
