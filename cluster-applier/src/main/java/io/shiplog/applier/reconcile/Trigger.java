package io.shiplog.applier.reconcile;

/** Why a reconciliation runs. */
public enum Trigger {
    /** A new commit on the branch. */
    COMMIT,
    /** The resync interval passed. */
    RESYNC,
    /** A {@code ResyncCluster} command. */
    COMMAND,
    /** Rebuilding a cluster from the log. */
    REPLAY
}
