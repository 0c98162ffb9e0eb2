package io.shiplog.gitwriter.release;

import io.shiplog.gitwriter.edit.AppSelector;
import io.shiplog.schemas.event.EventCause;

/** A unit of work for one repository's commit loop. */
public sealed interface Work {

    /** A tag appeared or moved: re-evaluate every location of the repository with the known tags. */
    record TagUpdate(String repository, String tag, String digest, EventCause cause) implements Work {
    }

    /**
     * Manifest locations of {@code repository} that a commit added or whose policy it changed: each is set to what
     * its policy chooses among the known tags, as if its image had just been pushed (nothing is recorded for those
     * already there).
     *
     * @param locations the locations' keys ({@code ImageLocation.key()})
     * @param cause     the {@code CommitObserved} of the commit that brought them
     */
    record Reevaluate(String repository, java.util.Set<String> locations, EventCause cause) implements Work {
    }

    /**
     * {@code ReleaseImage}: set the repository's locations that belong to {@code apps} to {@code tag} (and digest);
     * unless {@code ignorePolicy}, only where the location's policy accepts the tag. Locked locations stay.
     *
     * @param refused why the release is refused (its digest is not in the registry), reported and nothing
     *                committed; null when it may go ahead
     * @param apps    the apps whose locations move; an app with no location of the repository refuses the release
     */
    record Release(String repository, String tag, String digest, boolean ignorePolicy, String requestedBy,
                   EventCause cause, String refused, AppSelector apps) implements Work {

        public Release {
            apps = apps == null ? AppSelector.ALL : apps;
        }

        /** A release of every location of the repository. */
        public Release(String repository, String tag, String digest, boolean ignorePolicy, String requestedBy,
                       EventCause cause, String refused) {
            this(repository, tag, digest, ignorePolicy, requestedBy, cause, refused, null);
        }
    }

    /**
     * {@code LockWorkload} ({@code lock}) or {@code UnlockWorkload}: commit {@code shiplog.io/locked: "true"} on the
     * workload (or {@code shiplog.io/locked.<container>}), or remove it.
     */
    record Lock(WorkloadSelector workload, String container, boolean lock, String requestedBy, String reason,
                EventCause cause) implements Work {
    }

    /**
     * {@code RollbackCluster}: set every automated image under the cluster's paths back to its value at the target
     * commit and lock the workloads that move, in one commit.
     */
    record Rollback(io.shiplog.gitwriter.config.ClusterProperties cluster,
                    io.shiplog.gitwriter.rollback.RollbackTarget target, String requestedBy, String reason,
                    EventCause cause) implements Work {
    }

    /** Fetch now (a push webhook arrived). */
    record FetchNow(String reason) implements Work {
    }
}
