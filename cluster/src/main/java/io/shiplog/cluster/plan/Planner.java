package io.shiplog.cluster.plan;

import com.google.gson.JsonObject;
import io.shiplog.cluster.config.Placement;
import io.shiplog.cluster.kube.ClusterUnreachableException;
import io.shiplog.cluster.kube.KubeResource;
import io.shiplog.cluster.kube.KubernetesHandler;
import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.manifest.ObjectKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Turns manifests into {@link PlannedObject}s for one cluster: resolves each kind through discovery, places
 * namespaced objects (default namespace, allow-list), refuses cluster-scoped objects where they are not allowed, and
 * labels every object with {@code app.kubernetes.io/managed-by: shiplog} and the inventory id.
 */
public final class Planner {

    /** Objects from which a stage's bodies are worked out in parallel. */
    private static final int PARALLEL_FROM = 256;

    private final String cluster;
    private final Placement placement;
    private final KubernetesHandler kube;

    public Planner(String cluster, Placement placement, KubernetesHandler kube) {
        this.cluster = cluster;
        this.placement = placement;
        this.kube = kube;
    }

    /** Planned objects and per-object failures of one stage. */
    public record StagePlan(List<PlannedObject> objects, List<PlanFailure> failures) {
    }

    /**
     * Manifests that define the same object (same group, kind, namespace — the default one when none is written —
     * and name) more than once, each with a failure naming all the files; the rest pass through.
     */
    public static Map<ObjectKey, List<Manifest>> duplicates(List<Manifest> manifests, String defaultNamespace) {
        Map<ObjectKey, List<Manifest>> byKey = new LinkedHashMap<>();
        for (Manifest manifest : manifests) {
            ObjectKey key = manifest.key().namespace() == null ? manifest.key().inNamespace(defaultNamespace)
                    : manifest.key();
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(manifest);
        }
        byKey.values().removeIf(list -> list.size() < 2);
        return byKey;
    }

    public StagePlan plan(List<Manifest> manifests) throws ClusterUnreachableException {
        record Resolved(Manifest manifest, KubeResource resource, ObjectKey key) {
        }
        List<Resolved> resolved = new ArrayList<>();
        List<PlanFailure> failures = new ArrayList<>();
        for (Manifest manifest : manifests) {
            ObjectKey key = manifest.key();
            Optional<KubeResource> resource = kube.resource(manifest.apiVersion(), key.kind());
            if (resource.isEmpty()) {
                failures.add(new PlanFailure(key, manifest.version(), "kind " + key.kind()
                        + " is not served in apiVersion " + manifest.apiVersion() + " by cluster " + cluster
                        + " (unknown kind, or its CustomResourceDefinition is not installed)",
                        manifest.sourcePath()));
                continue;
            }
            KubeResource r = resource.get();
            if (r.namespaced()) {
                String namespace = key.namespace() == null ? placement.defaultNamespace() : key.namespace();
                key = key.inNamespace(namespace);
                if (!placement.allowsNamespace(namespace)) {
                    failures.add(new PlanFailure(key, manifest.version(), "namespace " + namespace
                            + " is not in the allow-list of cluster " + cluster + " " + placement.namespaces(),
                            manifest.sourcePath()));
                    continue;
                }
            } else {
                key = key.inNamespace(null);
                if (!placement.clusterScoped()) {
                    failures.add(new PlanFailure(key, manifest.version(), key.kind() + " " + key.name()
                            + " is cluster-scoped and cluster " + cluster
                            + " does not allow cluster-scoped objects", manifest.sourcePath()));
                    continue;
                }
            }
            resolved.add(new Resolved(manifest, r, key));
        }
        // the bodies (a copy with Shiplog's labels and the digest of each) are worked out on every core for a large
        // stage: nothing else runs before its first request
        Stream<Resolved> bodies = resolved.size() >= PARALLEL_FROM ? resolved.parallelStream() : resolved.stream();
        List<PlannedObject> objects = bodies.map(o -> new PlannedObject(o.manifest(), o.resource(), o.key(),
                body(o.manifest(), o.key()))).toList();
        return new StagePlan(objects, failures);
    }

    private JsonObject body(Manifest manifest, ObjectKey key) {
        JsonObject body = manifest.body().deepCopy();
        JsonObject metadata = body.getAsJsonObject("metadata");
        metadata.remove("managedFields");
        metadata.remove("resourceVersion");
        metadata.remove("uid");
        metadata.remove("creationTimestamp");
        if (key.namespace() == null) {
            metadata.remove("namespace");
        } else {
            metadata.addProperty("namespace", key.namespace());
        }
        JsonObject labels = metadata.has("labels") && metadata.get("labels").isJsonObject()
                ? metadata.getAsJsonObject("labels") : new JsonObject();
        labels.addProperty(Labels.MANAGED_BY, Labels.SHIPLOG);
        labels.addProperty(Labels.INVENTORY, placement.inventoryId());
        metadata.add("labels", labels);
        JsonObject annotations = metadata.has("annotations") && metadata.get("annotations").isJsonObject()
                ? metadata.getAsJsonObject("annotations") : new JsonObject();
        annotations.remove(Labels.APPLIED_DIGEST);
        String digest = digest(body);
        annotations.addProperty(Labels.APPLIED_DIGEST, digest);
        metadata.add("annotations", annotations);
        return body;
    }

    /** SHA-256 (first 16 bytes, hex) of the body as JSON, before the digest annotation is added. */
    static String digest(JsonObject body) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
