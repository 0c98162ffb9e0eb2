package io.shiplog.applier.cluster;

import io.shiplog.schemas.event.EventCause;

/** What the applier reads from {@code shiplog.commits} and {@code shiplog.commands}, as domain records. */
public sealed interface Inbound {

    /** A new desired state: a commit on a config repository branch (Shiplog's own or anyone's). */
    record DesiredCommit(String configRepo, String branch, String sha, EventCause cause) implements Inbound {
    }

    /** A {@code ResyncCluster} command. */
    record ResyncRequested(String cluster, String requestedBy, EventCause cause) implements Inbound {
    }

    /** A {@code SuspendCluster} ({@code suspend}) or {@code ResumeCluster} command. */
    record SuspendRequested(String cluster, boolean suspend, String requestedBy, String reason, EventCause cause)
            implements Inbound {
    }

    /** A {@code ReplayCluster} command (see {@code io.shiplog.applier.replay}). */
    record ReplayRequested(io.shiplog.applier.replay.ReplayRequest request) implements Inbound {
    }

    /** Anything else on those topics (skipped updates, failed commits, other commands): not for the applier. */
    record NotForApplier(String type) implements Inbound {
    }
}
