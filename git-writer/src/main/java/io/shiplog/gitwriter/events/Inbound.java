package io.shiplog.gitwriter.events;

import io.shiplog.schemas.event.EventCause;
import java.time.Instant;

/** What git-writer reads from {@code shiplog.images} and {@code shiplog.commands}, as domain records. */
public sealed interface Inbound {

    /** A tag was discovered (digest null when the scanner listed it only) or moved to another digest. */
    record TagSeen(String repository, String tag, String digest, Instant createdAt, EventCause cause)
            implements Inbound {
    }

    /** A tag disappeared from its registry. */
    record TagGone(String repository, String tag) implements Inbound {
    }

    /**
     * A {@code ReleaseImage} command, restricted to {@code apps} (all: every location of the repository) and to the
     * paths of the clusters named (none: everywhere).
     */
    record ReleaseRequested(String repository, String tag, String digest, boolean ignorePolicy, String requestedBy,
                            io.shiplog.gitwriter.edit.AppSelector apps, java.util.List<String> clusters,
                            EventCause cause) implements Inbound {
    }

    /** A {@code LockWorkload} ({@code lock}) or {@code UnlockWorkload} command. */
    record LockRequested(io.shiplog.gitwriter.release.WorkloadSelector workload, String container, boolean lock,
                         String requestedBy, String reason, EventCause cause) implements Inbound {
    }

    /** A {@code RollbackCluster} command. */
    record RollbackRequested(String cluster, io.shiplog.gitwriter.rollback.RollbackTarget target,
                             String requestedBy, String reason, EventCause cause) implements Inbound {
    }

    /** Anything else on those topics (cluster commands): not for git-writer. */
    record NotForGitWriter(String type) implements Inbound {
    }
}
