package io.shiplog.applier.reconcile;

import io.shiplog.cluster.inventory.Inventory;
import io.shiplog.cluster.manifest.LoadResult;
import java.time.Instant;
import java.util.List;

/** The first step of a reconciliation: ready to apply (the cluster answers with its inventory, git has the commit) or failed. */
public sealed interface Preparation {

    ApplyRequest request();

    /**
     * The desired state of {@code request} is loaded and the cluster answers: the apply may start.
     *
     * @param paths     the cluster's paths the objects come from
     * @param inventory the cluster's inventory as read before the apply
     */
    record Ready(ApplyRequest request, LoadResult load, List<String> paths, Inventory inventory, Instant startedAt)
            implements Preparation {

        public Ready {
            paths = List.copyOf(paths);
        }

        /** How many objects git defines. */
        public int objectCount() {
            return load.manifests().size();
        }
    }

    /** The cluster could not be reconciled at all. */
    record Failed(ReconcileOutcome.Failed outcome) implements Preparation {
        @Override
        public ApplyRequest request() {
            return outcome.request();
        }
    }
}
