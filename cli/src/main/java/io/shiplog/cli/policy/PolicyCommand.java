package io.shiplog.cli.policy;

import picocli.CommandLine.Command;

/** {@code shiplog policy}: try update policies outside git-writer. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Evaluate image update policies exactly as git-writer does.",
        subcommands = {PolicySelectCommand.class})
public final class PolicyCommand {
}
