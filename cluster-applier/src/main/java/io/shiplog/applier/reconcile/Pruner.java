package io.shiplog.applier.reconcile;

import com.google.gson.JsonObject;
import io.shiplog.applier.config.ClusterProperties;
import io.shiplog.cluster.kube.ClusterUnreachableException;
import io.shiplog.cluster.kube.JsonFields;
import io.shiplog.cluster.kube.KubeResource;
import io.shiplog.cluster.kube.KubeResponse;
import io.shiplog.cluster.kube.KubernetesHandler;
import io.shiplog.cluster.manifest.ObjectKey;
import io.shiplog.cluster.plan.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Deletes what the inventory says Shiplog applied and git no longer has, in reverse stage order. An object is only
 * deleted while it still carries this inventory's label; {@code shiplog.io/prune: disabled} keeps it. Deleting a
 * Namespace or a CustomResourceDefinition deletes everything in it, and an adopted object (one that was in the
 * cluster before Shiplog first applied it) is not Shiplog's creation: those are only deleted when they carry
 * {@code shiplog.io/prune: enabled} (set in git before they left it), otherwise kept and reported SKIPPED.
 */
public final class Pruner {

    private final ClusterProperties cluster;
    private final KubernetesHandler kube;

    /** Value of {@link Labels#PRUNE} that lets an adopted object, a Namespace or a CRD be pruned. */
    public static final String ENABLED = "enabled";

    public Pruner(ClusterProperties cluster, KubernetesHandler kube) {
        this.cluster = cluster;
        this.kube = kube;
    }

    /**
     * The outcome per candidate: PRUNED (deleted or already gone), SKIPPED (kept; leaves the inventory) or FAILED
     * (stays in the inventory).
     *
     * @param candidates object → apiVersion it was applied in
     * @param adopted    the candidates that were in the cluster before Shiplog first applied them
     */
    public List<ObjectOutcome> prune(Map<ObjectKey, String> candidates, Set<ObjectKey> adopted)
            throws ClusterUnreachableException {
        List<Map.Entry<ObjectKey, String>> ordered = new ArrayList<>(candidates.entrySet());
        ordered.sort(Comparator.comparing((Map.Entry<ObjectKey, String> e) -> Stage.of(e.getKey())).reversed()
                .thenComparing(Map.Entry::getKey));
        List<ObjectOutcome> outcomes = new ArrayList<>();
        for (Map.Entry<ObjectKey, String> candidate : ordered) {
            outcomes.add(pruneOne(candidate.getKey(), candidate.getValue(), adopted.contains(candidate.getKey())));
        }
        return outcomes;
    }

    private ObjectOutcome pruneOne(ObjectKey key, String apiVersion, boolean adopted)
            throws ClusterUnreachableException {
        String version = ObjectKey.versionOf(apiVersion);
        Optional<KubeResource> resource = kube.resource(apiVersion, key.kind());
        if (resource.isEmpty()) {
            return outcome(key, version, Action.PRUNED, "already gone: the kind is no longer served");
        }
        KubeResponse live = kube.get(resource.get(), key.namespace(), key.name());
        unreachable(live);
        if (live.isNotFound()) {
            return outcome(key, version, Action.PRUNED, "already gone");
        }
        if (!live.isSuccess()) {
            return ObjectOutcome.failed(key, version, "cannot read before pruning: " + live.message(), null);
        }
        JsonObject metadata = live.object().getAsJsonObject("metadata");
        JsonObject labels = JsonFields.object(metadata, "labels");
        if (!Labels.SHIPLOG.equals(JsonFields.string(labels, Labels.MANAGED_BY))
                || !cluster.effectiveInventoryId().equals(JsonFields.string(labels, Labels.INVENTORY))) {
            return outcome(key, version, Action.SKIPPED, "not pruned: it no longer carries the labels of inventory "
                    + cluster.effectiveInventoryId());
        }
        JsonObject annotations = JsonFields.object(metadata, "annotations");
        String prune = JsonFields.string(annotations, Labels.PRUNE);
        if ("disabled".equals(prune)) {
            return outcome(key, version, Action.SKIPPED, "kept: " + Labels.PRUNE + " is disabled");
        }
        String keptUnlessOptedIn = ENABLED.equals(prune) ? null : keptUnlessOptedIn(key, adopted);
        if (keptUnlessOptedIn != null) {
            return outcome(key, version, Action.SKIPPED, keptUnlessOptedIn);
        }
        // only the object just read: one deleted and created again meanwhile (someone else's, maybe) is kept
        KubeResponse deleted = kube.delete(resource.get(), key.namespace(), key.name(),
                JsonFields.string(metadata, "uid"));
        unreachable(deleted);
        if (deleted.isSuccess() || deleted.isNotFound()) {
            return outcome(key, version, Action.PRUNED, null);
        }
        if (deleted.isConflict()) {
            return ObjectOutcome.failed(key, version, "not pruned: it was deleted and created again while being "
                    + "pruned (another uid); it is looked at again at the next reconcile", null);
        }
        return ObjectOutcome.failed(key, version, "delete refused: " + deleted.message(), null);
    }

    /** Why an object that left git is kept unless it opted in to pruning, or null when it may be pruned. */
    static String keptUnlessOptedIn(ObjectKey key, boolean adopted) {
        String optIn = "; to have it pruned, set the annotation " + Labels.PRUNE + ": " + ENABLED
                + " on it in git before removing it from git (or delete it by hand)";
        if (key.group().isEmpty() && key.kind().equals("Namespace")) {
            return "kept: pruning a Namespace deletes everything in it" + optIn;
        }
        if (key.group().equals("apiextensions.k8s.io") && key.kind().equals("CustomResourceDefinition")) {
            return "kept: pruning a CustomResourceDefinition deletes every object of its kind" + optIn;
        }
        if (adopted) {
            return "kept: it was in the cluster before Shiplog first applied it (adopted), so Shiplog did not create "
                    + "it" + optIn;
        }
        return null;
    }

    private void unreachable(KubeResponse response) throws ClusterUnreachableException {
        if (response.isUnreachable()) {
            throw new ClusterUnreachableException(response, "cluster " + cluster.name() + " stopped answering "
                    + "while pruning: " + response.message());
        }
    }

    private static ObjectOutcome outcome(ObjectKey key, String version, Action action, String message) {
        return new ObjectOutcome(key, version, action, message, Health.UNKNOWN, List.of(), null);
    }
}
