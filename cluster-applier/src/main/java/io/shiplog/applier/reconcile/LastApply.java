package io.shiplog.applier.reconcile;

import io.shiplog.cluster.inventory.Inventory;
import io.shiplog.cluster.kube.JsonFields;
import io.shiplog.cluster.manifest.ObjectKey;
import io.shiplog.cluster.plan.Labels;
import io.shiplog.cluster.plan.PlannedObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What this replica last applied to a cluster completely: the commit, and for each object that was applied and
 * healthy the digest of what was sent. A commit that leaves such an object's digest unchanged need not send it again
 * while the cluster's inventory still names that commit (nobody else applied since); resyncs always send everything.
 */
final class LastApply {

    static final LastApply NONE = new LastApply("", Map.of());

    private final String commit;
    private final Map<ObjectKey, String> healthyDigests;

    private LastApply(String commit, Map<ObjectKey, String> healthyDigests) {
        this.commit = commit;
        this.healthyDigests = healthyDigests;
    }

    /** Remembers {@code applied} at {@code commit}: objects not failed and healthy, with the digest of their body. */
    static LastApply of(String commit, List<ObjectOutcome> outcomes, Map<ObjectKey, PlannedObject> sent) {
        Map<ObjectKey, String> digests = new HashMap<>();
        for (ObjectOutcome outcome : outcomes) {
            PlannedObject object = sent.get(outcome.key());
            if (object != null && outcome.health() == Health.HEALTHY && outcome.action() != Action.FAILED
                    && outcome.action() != Action.SKIPPED) {
                digest(object).ifPresent(d -> digests.put(outcome.key(), d));
            }
        }
        return new LastApply(commit, Map.copyOf(digests));
    }

    /** This memory if the cluster still runs its commit by Shiplog's last complete apply, else {@link #NONE}. */
    LastApply validFor(Inventory inventory) {
        return !commit.isEmpty() && inventory.state() == Inventory.State.COMPLETE
                && commit.equals(inventory.commitSha()) ? this : NONE;
    }

    /** Whether {@code object} is exactly what was sent last time, and it was healthy then. */
    boolean unchanged(PlannedObject object) {
        String digest = healthyDigests.get(object.key());
        return digest != null && digest.equals(digest(object).orElse(null));
    }

    String commit() {
        return commit;
    }

    private static Optional<String> digest(PlannedObject object) {
        return Optional.ofNullable(JsonFields.string(JsonFields.object(JsonFields.object(object.body(), "metadata"),
                "annotations"), Labels.APPLIED_DIGEST));
    }
}
