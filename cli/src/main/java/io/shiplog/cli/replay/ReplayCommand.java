package io.shiplog.cli.replay;

import picocli.CommandLine.Command;

/** {@code shiplog replay …}: rebuild the audit store, or a cluster, from the release log. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Rebuild from the release log: the audit store (replay audit) or a lost cluster "
                + "(replay cluster).",
        subcommands = {ReplayAuditCommand.class, ReplayClusterCommand.class})
public final class ReplayCommand {
}
