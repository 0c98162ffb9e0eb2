package io.shiplog.gitwriter.release;

import io.shiplog.schemas.event.EventCause;

/** A unit of work for one repository's commit loop. */
public sealed interface Work {

    /** A tag appeared or moved: re-evaluate every location of the repository with the known tags. */
    record TagUpdate(String repository, String tag, String digest, EventCause cause) implements Work {
    }

    /**
     * {@code ReleaseImage}: set the repository's locations to {@code tag} (and digest); unless
     * {@code ignorePolicy}, only where the location's policy accepts the tag. Locked locations stay.
     */
    record Release(String repository, String tag, String digest, boolean ignorePolicy, String requestedBy,
                   EventCause cause) implements Work {
    }

    /**
     * {@code LockWorkload} ({@code lock}) or {@code UnlockWorkload}: commit {@code shiplog.io/locked: "true"} on the
     * workload (or {@code shiplog.io/locked.<container>}), or remove it.
     */
    record Lock(WorkloadSelector workload, String container, boolean lock, String requestedBy, String reason,
                EventCause cause) implements Work {
    }

    /** Fetch now (a push webhook arrived). */
    record FetchNow(String reason) implements Work {
    }
}
