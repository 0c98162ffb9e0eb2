package io.shiplog.applier.reconcile;

import java.time.Instant;
import java.util.List;

/** What the applier tells the release log about one cluster ({@code shiplog.applies}, keyed by cluster). */
public sealed interface ApplyReport {

    String cluster();

    ApplyRequest request();

    /** An apply begins: the commit, the trigger, the paths, how many objects git defines, the commits skipped. */
    record Started(String cluster, ApplyRequest request, List<String> paths, int objectCount) implements ApplyReport {
        public Started {
            paths = List.copyOf(paths);
        }
    }

    /** An apply ended with one result per object. */
    record Completed(String cluster, ReconcileOutcome.Completed outcome) implements ApplyReport {
        @Override
        public ApplyRequest request() {
            return outcome.request();
        }
    }

    /** The cluster could not be reconciled; {@code nextRetryAt} says when it is tried again. */
    record Failed(String cluster, ReconcileOutcome.Failed outcome, int attempt, Instant nextRetryAt)
            implements ApplyReport {
        @Override
        public ApplyRequest request() {
            return outcome.request();
        }
    }
}
