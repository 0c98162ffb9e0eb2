package io.shiplog.applier.reconcile;

import io.shiplog.schemas.event.EventCause;
import java.time.Instant;
import java.util.List;

/** What the applier tells the release log about one cluster ({@code shiplog.applies}, keyed by cluster). */
public sealed interface ApplyReport {

    String cluster();

    /** The apply this report is about; null for a {@link SuspensionChanged}, which is about none. */
    ApplyRequest request();

    /** The event that caused this report (its correlation and causation), null when none. */
    default EventCause cause() {
        return request() == null ? null : request().cause();
    }

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

    /** A command suspended or resumed applying the cluster; {@code suspended} is the state now. */
    record SuspensionChanged(String cluster, boolean suspended, String requestedBy, String reason, EventCause cause)
            implements ApplyReport {
        @Override
        public ApplyRequest request() {
            return null;
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
