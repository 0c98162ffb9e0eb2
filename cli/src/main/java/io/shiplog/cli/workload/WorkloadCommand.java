package io.shiplog.cli.workload;

import picocli.CommandLine.Command;

/** {@code shiplog workload lock|unlock}: hold a workload's images where they are, or let them move again. */
@Command(name = "workload", mixinStandardHelpOptions = true,
        description = "Lock or unlock a workload's automated images (git-writer commits the shiplog.io/locked "
                + "annotation), like fluxctl lock/unlock.",
        subcommands = {WorkloadLockCommand.Lock.class, WorkloadLockCommand.Unlock.class})
public final class WorkloadCommand {
}
