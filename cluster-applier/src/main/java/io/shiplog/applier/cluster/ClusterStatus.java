package io.shiplog.applier.cluster;

import java.time.Instant;

/**
 * What a cluster's worker is doing, for the {@code /clusters} endpoint.
 *
 * @param lastAppliedCommit commit of the last completed apply (or the inventory's), null when none yet
 * @param lastStatus        status of the last completed apply, or the reason of the last failure
 * @param pendingCommit     newest commit not yet applied, null when none
 * @param failedAttempts    consecutive failed attempts
 * @param nextRetryAt       when a failed reconciliation is tried again, null when none failed
 */
public record ClusterStatus(String name, boolean suspended, String lastAppliedCommit, String lastStatus,
                            Instant lastAppliedAt, String pendingCommit, int failedAttempts, Instant nextRetryAt) {
}
