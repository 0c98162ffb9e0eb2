package io.shiplog.cli.config;

import picocli.CommandLine.Command;

/** {@code shiplog config}: the fleet file, shiplog.yaml. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Work with shiplog.yaml, the one fleet file every service reads.",
        subcommands = ConfigCheckCommand.class)
public final class ConfigCommand {
}
