package io.shiplog.cli;

import io.shiplog.cli.audit.AuditCommand;
import io.shiplog.cli.cluster.ClusterVerbs;
import io.shiplog.cli.common.CompletionCommand;
import io.shiplog.cli.config.ConfigCommand;
import io.shiplog.cli.context.ContextSelection;
import io.shiplog.cli.diff.DiffCommand;
import io.shiplog.cli.get.GetCommand;
import io.shiplog.cli.manifests.ManifestsCommand;
import io.shiplog.cli.policy.PolicyCommand;
import io.shiplog.cli.release.ReleaseCommand;
import io.shiplog.cli.render.RenderCommand;
import io.shiplog.cli.replay.ReplayCommand;
import io.shiplog.cli.rollback.RollbackCommand;
import io.shiplog.cli.status.StatusCommand;
import io.shiplog.cli.workload.WorkloadCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code shiplog}: the GitOps release system's command line. */
@Command(name = "shiplog", mixinStandardHelpOptions = true, version = "shiplog 0.1.0",
        description = "GitOps releases with a full, replayable release log in Kafka.",
        subcommands = {ConfigCommand.class, PolicyCommand.class, ManifestsCommand.class, AuditCommand.class,
            ReplayCommand.class, WorkloadCommand.class, RenderCommand.class, DiffCommand.class, GetCommand.class,
            StatusCommand.class, ClusterVerbs.Reconcile.class, ClusterVerbs.Suspend.class, ClusterVerbs.Resume.class,
            ReleaseCommand.class, RollbackCommand.class, CompletionCommand.class})
public final class ShiplogCommand {

    @Option(names = ContextSelection.CONTEXT_OPTION, paramLabel = "NAME", scope = ScopeType.INHERIT,
            defaultValue = "${env:SHIPLOG_CONTEXT}",
            description = "The context of the context file to use (default: env SHIPLOG_CONTEXT, else its "
                    + "current-context). Options given on the command line override the context's settings.")
    String context;

    @Option(names = ContextSelection.FILE_OPTION, paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "The context file (default: env SHIPLOG_CONFIG when it names a context file, else "
                    + "~/.shiplog/config).")
    String contextFile;
}
