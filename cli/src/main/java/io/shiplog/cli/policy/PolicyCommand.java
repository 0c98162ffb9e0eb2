package io.shiplog.cli.policy;

import picocli.CommandLine.Command;

/** {@code shiplog policy}: try update policies outside git-writer. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Update policies, exactly as git-writer evaluates them.",
        subcommands = {PolicySelectCommand.class})
public final class PolicyCommand {
}
