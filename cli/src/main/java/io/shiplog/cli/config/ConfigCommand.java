package io.shiplog.cli.config;

import picocli.CommandLine.Command;

/** {@code shiplog config}: the fleet file, shiplog.yaml, and the CLI's contexts. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Work with shiplog.yaml, the one fleet file every service reads, and with the CLI's "
            + "contexts (~/.shiplog/config): where the log, the registry and the audit API are."},
        subcommands = {ConfigCheckCommand.class, ContextCommands.GetContexts.class, ContextCommands.UseContext.class})
public final class ConfigCommand {
}
