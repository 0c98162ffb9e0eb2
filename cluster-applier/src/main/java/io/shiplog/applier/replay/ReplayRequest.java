package io.shiplog.applier.replay;

import io.shiplog.schemas.event.EventCause;
import java.time.Instant;

/**
 * A {@code ReplayCluster} command: bring {@code into} to the state the log says {@code cluster} had at
 * {@code atTime} or {@code commitSha} (neither: the last successful apply).
 *
 * @param cluster the cluster whose recorded state is replayed
 * @param into    the configured cluster that applies it: {@code targetCluster}, or {@code cluster} itself
 */
public record ReplayRequest(String cluster, String into, Instant atTime, String commitSha, String requestedBy,
                            EventCause cause) {

    /** What is asked for, for logs and failure messages. */
    public String describe() {
        return "replay of " + cluster + (into.equals(cluster) ? "" : " into " + into) + " at "
                + (commitSha != null ? "commit " + commitSha : atTime != null ? atTime.toString()
                : "its last successful apply");
    }
}
