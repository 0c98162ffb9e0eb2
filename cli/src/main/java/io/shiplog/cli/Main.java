package io.shiplog.cli;

import picocli.CommandLine;

/** Entry point of the {@code shiplog} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ShiplogCommand()).execute(args));
    }
}
