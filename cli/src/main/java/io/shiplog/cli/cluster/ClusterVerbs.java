package io.shiplog.cli.cluster;

import picocli.CommandLine.Command;

/** The verbs on a cluster: {@code shiplog reconcile|suspend|resume cluster NAME}. */
public final class ClusterVerbs {

    private ClusterVerbs() {
    }

    /** {@code shiplog reconcile}. */
    @Command(name = "reconcile", mixinStandardHelpOptions = true,
            description = "Apply a cluster's branch now and wait for the outcome.",
            subcommands = ClusterCommand.Reconcile.class)
    public static final class Reconcile {
    }

    /** {@code shiplog suspend}. */
    @Command(name = "suspend", mixinStandardHelpOptions = true,
            description = "Stop applying a cluster until it is resumed.", subcommands = ClusterCommand.Suspend.class)
    public static final class Suspend {
    }

    /** {@code shiplog resume}. */
    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Apply a suspended cluster again.", subcommands = ClusterCommand.Resume.class)
    public static final class Resume {
    }
}
