package io.shiplog.cli.audit;

import picocli.CommandLine.Command;

/** {@code shiplog audit …}: the release log's audit queries (through the drift-auditor's API) and its export. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Query the release log: state at a time, where an image runs, trace a release, cluster "
                + "history, DORA metrics, who changed what; export it as CDEvents or JSON lines.",
        subcommands = {AuditQueryCommands.State.class, AuditQueryCommands.Where.class, AuditQueryCommands.Trace.class,
            AuditQueryCommands.History.class, AuditQueryCommands.Dora.class, AuditQueryCommands.Changes.class,
            ExportCommand.class})
public final class AuditCommand {
}
