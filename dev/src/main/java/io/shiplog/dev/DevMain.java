package io.shiplog.dev;

import io.shiplog.cli.Main;
import io.shiplog.cli.ShiplogCommand;
import io.shiplog.dev.bench.BenchCommand;
import picocli.CommandLine;

/**
 * Entry point of {@code ./shiplog} in a checkout: the operator's command plus {@code shiplog dev} and
 * {@code shiplog bench}, which bring the local infrastructure (a broker, API servers, a registry, a git server) that
 * the operator's command alone does not carry.
 */
public final class DevMain {

    private DevMain() {
    }

    /** The whole command line: every operator command, {@code dev} and {@code bench}. */
    public static CommandLine commandLine() {
        // the shared conventions (short durations and times, exit status in --help) cover dev and bench too
        return Main.configure(new CommandLine(new ShiplogCommand())
                .addSubcommand(new DevCommand())
                .addSubcommand(new BenchCommand()));
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
