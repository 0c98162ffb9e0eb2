package io.shiplog.applier.reconcile;

import io.shiplog.applier.config.ClusterProperties;
import io.shiplog.cluster.inventory.Inventory;
import io.shiplog.cluster.kube.ClusterUnreachableException;
import io.shiplog.cluster.manifest.LoadResult;
import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.manifest.ObjectKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prune step of a reconciliation: which listed objects left git, and which of those are kept back (an empty desired
 * set, a unit that could not be rendered, read or applied) rather than deleted.
 */
final class PruneStep {

    private static final Logger LOG = LoggerFactory.getLogger(PruneStep.class);

    private final ClusterProperties cluster;
    private final Pruner pruner;

    PruneStep(ClusterProperties cluster, Pruner pruner) {
        this.cluster = cluster;
        this.pruner = pruner;
    }

    /** Prune outcomes, and the objects that leave the inventory (deleted, gone, or no longer Shiplog's to prune). */
    record Result(List<ObjectOutcome> outcomes, Set<ObjectKey> released) {
    }

    /**
     * Prunes what left git since the objects {@code union} lists, except what {@code failures} and {@code applied}
     * name and the objects of units that failed or ({@code notApplied}) waited for a dependency.
     */
    Result prune(Inventory union, LoadResult load, List<ObjectOutcome> failures, List<ObjectOutcome> applied,
                 Set<String> notApplied) throws ClusterUnreachableException {
        Set<ObjectKey> desired = new HashSet<>();
        for (Manifest manifest : load.manifests()) {
            ObjectKey key = manifest.key();
            desired.add(key);
            desired.add(key.inNamespace(null));
            desired.add(key.inNamespace(cluster.defaultNamespace()));
        }
        failures.forEach(f -> desired.add(f.key()));
        applied.forEach(a -> desired.add(a.key()));
        Map<ObjectKey, String> candidates = new TreeMap<>(union.objects());
        candidates.keySet().removeAll(desired);
        if (candidates.isEmpty()) {
            return new Result(List.of(), Set.of());
        }
        List<ObjectOutcome> skipped = new ArrayList<>();
        if (load.manifests().isEmpty() && !cluster.allowEmptyPrune()) {
            String reason = "not pruned: the desired set is empty and cluster " + cluster.name()
                    + " does not allow an empty prune (allow-empty-prune)";
            LOG.warn("cluster {}: {} ({} objects kept)", cluster.name(), reason, candidates.size());
            candidates.forEach((key, apiVersion) -> skipped.add(skip(key, apiVersion, reason)));
            return new Result(skipped, Set.of());
        }
        keepObjectsOfFailedUnits(union, load, notApplied, candidates, skipped);
        List<ObjectOutcome> pruned = candidates.isEmpty() ? List.of() : pruner.prune(candidates, union.adopted());
        Set<ObjectKey> released = new HashSet<>();
        pruned.stream().filter(o -> o.action() != Action.FAILED).forEach(o -> released.add(o.key()));
        List<ObjectOutcome> outcomes = new ArrayList<>(skipped);
        outcomes.addAll(pruned);
        return new Result(outcomes, released);
    }

    /**
     * Takes out of {@code candidates} the objects of units that failed to render or read (whether they left git is
     * not certain), and those whose unit the inventory does not know (listed by an older version) when any unit
     * failed; each kept one is a SKIPPED outcome naming its unit.
     */
    private void keepObjectsOfFailedUnits(Inventory union, LoadResult load, Set<String> notApplied,
                                          Map<ObjectKey, String> candidates, List<ObjectOutcome> skipped) {
        Set<String> failedUnits = new TreeSet<>(notApplied);
        load.failures().forEach(f -> failedUnits.add(f.sourcePath()));
        if (failedUnits.isEmpty()) {
            return;
        }
        int before = candidates.size();
        for (var candidate : List.copyOf(candidates.entrySet())) {
            Optional<String> unit = union.unitOf(candidate.getKey());
            String reason = unit.isEmpty()
                    ? "not pruned: " + failedUnits.size() + " unit(s) could not be rendered or read (" + String.join(
                    ", ", failedUnits.stream().limit(5).toList()) + (failedUnits.size() > 5 ? ", ..." : "")
                    + ") and the inventory does not record which unit this object came from"
                    : failedUnits.contains(unit.get()) ? "not pruned: its unit " + unit.get() + " could not be "
                    + "rendered, read or applied (a dependency not ready), so whether it left git is not certain" : null;
            if (reason != null) {
                candidates.remove(candidate.getKey());
                skipped.add(skip(candidate.getKey(), candidate.getValue(), reason));
            }
        }
        if (!skipped.isEmpty()) {
            LOG.warn("cluster {}: {} of {} objects not pruned because unit(s) {} could not be rendered or read",
                    cluster.name(), before - candidates.size(), before, failedUnits);
        }
    }

    private static ObjectOutcome skip(ObjectKey key, String apiVersion, String reason) {
        return new ObjectOutcome(key, ObjectKey.versionOf(apiVersion), Action.SKIPPED, reason, Health.UNKNOWN,
                List.of(), null);
    }
}
