package io.shiplog.applier.reconcile;

import io.shiplog.cluster.kube.KubeResponse;
import java.time.Instant;
import java.util.List;

/** How a reconciliation ended. */
public sealed interface ReconcileOutcome {

    ApplyRequest request();

    /**
     * The commit was applied; some objects may have failed (they are retried on the next commit or resync).
     *
     * @param results one per object: applied, pruned, failed or skipped
     */
    record Completed(ApplyRequest request, Instant startedAt, long durationMs, String inventoryId,
                     List<ObjectOutcome> results) implements ReconcileOutcome {

        public Completed {
            results = List.copyOf(results);
        }

        public Status status() {
            long failed = results.stream().filter(r -> r.action() == Action.FAILED).count();
            if (failed == 0) {
                return Status.SUCCEEDED;
            }
            return failed == results.size() ? Status.FAILED : Status.PARTIALLY_FAILED;
        }

        public long count(Action action) {
            return results.stream().filter(r -> r.action() == action).count();
        }
    }

    /** The cluster could not be reconciled at all; retried with backoff. */
    record Failed(ApplyRequest request, FailureReason reason, String message) implements ReconcileOutcome {

        /** A failure answered by the cluster ({@code response}; null when none): refused credentials, no answer. */
        static Failed of(ApplyRequest request, KubeResponse response, String message) {
            FailureReason reason = response != null && (response.code() == 401 || response.code() == 403)
                    ? FailureReason.UNAUTHORIZED
                    : response != null && response.isUnreachable() ? FailureReason.CLUSTER_UNREACHABLE
                    : FailureReason.INTERNAL;
            return new Failed(request, reason, message);
        }
    }

    /** Overall status of a completed apply. */
    enum Status {
        SUCCEEDED, PARTIALLY_FAILED, FAILED
    }

    /** Why a reconciliation could not run; REFUSED (a replay to a commit not on the watched branch) is final. */
    enum FailureReason {
        CLUSTER_UNREACHABLE, UNAUTHORIZED, LOAD_FAILED, INTERNAL, REFUSED
    }
}
