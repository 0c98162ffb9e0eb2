package io.shiplog.cli.get;

import picocli.CommandLine.Command;

/** {@code shiplog get clusters|apps|releases|drift}: the fleet now, from the audit API, like {@code flux get}. */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "What runs where now, from the audit API: clusters (last apply, open drift), apps (image "
                + "repositories per cluster and workload), releases (tags found, commits, clusters applied), drift.",
        subcommands = {GetCommands.Clusters.class, GetCommands.Apps.class, GetCommands.Releases.class,
            GetCommands.Drift.class})
public final class GetCommand {
}
