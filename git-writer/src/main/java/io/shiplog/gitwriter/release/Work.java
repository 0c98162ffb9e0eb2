package io.shiplog.gitwriter.release;

import io.shiplog.gitwriter.config.ClusterProperties;
import io.shiplog.gitwriter.edit.AppSelector;
import io.shiplog.gitwriter.manifest.ImageLocation;
import io.shiplog.schemas.event.EventCause;
import java.util.ArrayList;
import java.util.List;

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
     * {@code ReleaseImage}: set the repository's locations that belong to {@code apps} and lie under the paths of
     * {@code clusters} to {@code tag} (and digest); unless {@code ignorePolicy}, only where the location's policy
     * accepts the tag. Locked locations stay.
     *
     * @param refused  why the release is refused (its digest is not in the registry), reported and nothing
     *                 committed; null when it may go ahead
     * @param apps     the apps whose locations move; an app with no location of the repository refuses the release
     * @param clusters the clusters under whose paths locations move (empty: everywhere); a cluster with no location
     *                 of the repository refuses the release
     */
    record Release(String repository, String tag, String digest, boolean ignorePolicy, String requestedBy,
                   EventCause cause, String refused, AppSelector apps, List<ClusterProperties> clusters)
            implements Work {

        public Release {
            apps = apps == null ? AppSelector.ALL : apps;
            clusters = clusters == null ? List.of() : List.copyOf(clusters);
        }

        /** A release of every location of the repository. */
        public Release(String repository, String tag, String digest, boolean ignorePolicy, String requestedBy,
                       EventCause cause, String refused) {
            this(repository, tag, digest, ignorePolicy, requestedBy, cause, refused, null, null);
        }

        /** Whether the release moves {@code location} (its repository aside): one of its apps, in its clusters. */
        public boolean moves(ImageLocation location) {
            return apps.selects(location) && (clusters.isEmpty()
                    || clusters.stream().anyMatch(c -> c.covers(location.path())));
        }

        /**
         * Why the release is refused although the repository is used: a cluster with no location of it under its
         * paths, or an app with none (in those clusters); empty when it may go ahead.
         */
        public List<String> refusals(List<ImageLocation> locations) {
            List<String> out = new ArrayList<>();
            for (ClusterProperties c : clusters) {
                if (locations.stream().noneMatch(l -> c.covers(l.path()))) {
                    out.add("cluster '" + c.name() + "' has no automated image of " + repository + " under its paths "
                            + c.paths() + "; nothing released");
                }
            }
            List<ImageLocation> inClusters = locations.stream().filter(l -> clusters.isEmpty()
                    || clusters.stream().anyMatch(c -> c.covers(l.path()))).toList();
            String where = clusters.isEmpty() ? "" : " in cluster " + String.join(", ",
                    clusters.stream().map(ClusterProperties::name).toList());
            for (String app : apps.unmatched(inClusters)) {
                out.add("app '" + app + "' has no automated image of " + repository + where + " on this branch (an "
                        + "app is a workload's name or a repository path); nothing released");
            }
            return out;
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
