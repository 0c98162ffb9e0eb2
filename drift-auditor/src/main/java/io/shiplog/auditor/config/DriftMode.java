package io.shiplog.auditor.config;

/** What the auditor does about drift on a cluster. */
public enum DriftMode {
    /** Publish {@code DriftDetected} and leave the cluster alone. */
    REPORT,
    /** Also ask the applier to undo it: a {@code ResyncCluster} command on {@code shiplog.commands}. */
    CORRECT
}
