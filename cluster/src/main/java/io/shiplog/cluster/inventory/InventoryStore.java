package io.shiplog.cluster.inventory;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.shiplog.cluster.kube.ClusterUnreachableException;
import io.shiplog.cluster.kube.KubeResource;
import io.shiplog.cluster.kube.KubeResponse;
import io.shiplog.cluster.kube.KubernetesHandler;
import io.shiplog.cluster.plan.Labels;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps a cluster's {@link Inventory} in the cluster: a ConfigMap {@code shiplog-inventory-<id>} in namespace
 * {@value #NAMESPACE}. It is created (a POST) and then written by JSON merge patches, all parsed by the server as JSON:
 * it reads a server-side apply patch as YAML, which for the inventory's long lines of a large fleet costs several
 * times as much. A
 * write sends only the keys that changed since this store last read or wrote the inventory, on condition that the
 * ConfigMap is still the version it saw (when someone else changed it meanwhile, the whole inventory is written).
 */
public final class InventoryStore {

    /** Namespace of the inventories; created when missing. */
    public static final String NAMESPACE = "shiplog-system";

    private static final KubeResource CONFIG_MAPS = new KubeResource("", "v1", "ConfigMap", "configmaps", true);
    private static final KubeResource NAMESPACES = new KubeResource("", "v1", "Namespace", "namespaces", false);

    private final KubernetesHandler kube;
    private final String id;
    /** The inventory as this store last read or wrote it; null when unknown. */
    private volatile Known known;
    /** The last read found no inventory (nor has this store written one since): the first write creates it. */
    private volatile boolean absent;

    public InventoryStore(KubernetesHandler kube, String id) {
        this.kube = kube;
        this.id = id;
    }

    public String id() {
        return id;
    }

    public String objectName() {
        return "shiplog-inventory-" + id;
    }

    /** The stored inventory; empty when there is none yet. */
    public Optional<Inventory> read() throws ClusterUnreachableException {
        KubeResponse response = kube.get(CONFIG_MAPS, NAMESPACE, objectName());
        if (response.isNotFound()) {
            remember(null, null);
            absent = true;
            return Optional.empty();
        }
        check(response, "read");
        JsonObject data = response.object().getAsJsonObject("data");
        remember(data == null ? new JsonObject() : data, response);
        return Optional.of(InventoryCodec.fromData(id, data));
    }

    public void write(Inventory inventory) throws ClusterUnreachableException {
        JsonObject data = InventoryCodec.toData(inventory);
        Known before = known;
        if (before == null && absent && create(data)) {
            return;
        }
        if (before != null) {
            JsonObject changes = changes(before.data(), data);
            if (changes.size() == 0) {
                return;
            }
            KubeResponse patched = patch(changes, before.resourceVersion(), null);
            if (patched.isSuccess()) {
                remember(data, patched);
                return;
            }
            if (!patched.isConflict() && !patched.isNotFound()) {
                check(patched, "write");
            }
        }
        KubeResponse patched = patch(whole(data), null, labels());
        if (patched.isNotFound()) {
            if (create(data)) {
                return;
            }
            patched = patch(whole(data), null, labels());
        }
        check(patched, "write");
        remember(data, patched);
    }

    /** The codec's keys whose value differs from {@code before}, a key {@code after} leaves out as null. */
    private static JsonObject changes(JsonObject before, JsonObject after) {
        JsonObject changes = new JsonObject();
        for (String key : InventoryCodec.KEYS) {
            JsonElement now = after.get(key);
            if (!Objects.equals(before.get(key), now)) {
                changes.add(key, now == null ? JsonNull.INSTANCE : now);
            }
        }
        return changes;
    }

    /** Every codec key: its value in {@code data}, or null (removing what another writer left there). */
    private static JsonObject whole(JsonObject data) {
        JsonObject whole = new JsonObject();
        for (String key : InventoryCodec.KEYS) {
            JsonElement value = data.get(key);
            whole.add(key, value == null ? JsonNull.INSTANCE : value);
        }
        return whole;
    }

    private KubeResponse patch(JsonObject data, String resourceVersion, JsonObject labels) {
        JsonObject metadata = new JsonObject();
        if (resourceVersion != null) {
            metadata.addProperty("resourceVersion", resourceVersion);
        }
        if (labels != null) {
            metadata.add("labels", labels);
        }
        JsonObject patch = new JsonObject();
        patch.add("metadata", metadata);
        patch.add("data", data);
        return kube.mergePatchForMetadata(CONFIG_MAPS, NAMESPACE, objectName(), patch);
    }

    /**
     * Creates the ConfigMap holding {@code data} (and its namespace when missing); false when it exists already
     * (someone created it meanwhile: the caller writes the whole inventory over it).
     */
    private boolean create(JsonObject data) throws ClusterUnreachableException {
        JsonObject body = new JsonObject();
        body.addProperty("apiVersion", "v1");
        body.addProperty("kind", "ConfigMap");
        JsonObject metadata = new JsonObject();
        metadata.addProperty("name", objectName());
        metadata.addProperty("namespace", NAMESPACE);
        metadata.add("labels", labels());
        body.add("metadata", metadata);
        body.add("data", data);
        KubeResponse created = kube.createForMetadata(CONFIG_MAPS, NAMESPACE, body);
        if (created.isNotFound()) {
            ensureNamespace();
            created = kube.createForMetadata(CONFIG_MAPS, NAMESPACE, body);
        }
        absent = false;
        if (created.isConflict()) {
            return false;
        }
        check(created, "write");
        remember(data, created);
        return true;
    }

    private JsonObject labels() {
        JsonObject labels = new JsonObject();
        labels.addProperty(Labels.MANAGED_BY, Labels.SHIPLOG);
        labels.addProperty(Labels.INVENTORY_OF, id);
        return labels;
    }

    private void remember(JsonObject data, KubeResponse response) {
        JsonObject metadata = response == null || response.object() == null ? null
                : response.object().getAsJsonObject("metadata");
        JsonElement version = metadata == null ? null : metadata.get("resourceVersion");
        known = version == null || !version.isJsonPrimitive() ? null : new Known(data, version.getAsString());
    }

    /** The codec's data of a stored inventory and the ConfigMap's resourceVersion holding it. */
    private record Known(JsonObject data, String resourceVersion) {
    }

    private void ensureNamespace() throws ClusterUnreachableException {
        JsonObject body = new JsonObject();
        body.addProperty("apiVersion", "v1");
        body.addProperty("kind", "Namespace");
        JsonObject metadata = new JsonObject();
        metadata.addProperty("name", NAMESPACE);
        body.add("metadata", metadata);
        check(kube.apply(NAMESPACES, null, NAMESPACE, body, false), "create namespace " + NAMESPACE + " for");
    }

    private void check(KubeResponse response, String what) throws ClusterUnreachableException {
        if (!response.isSuccess()) {
            throw new ClusterUnreachableException(response, "cannot " + what + " inventory " + NAMESPACE + "/"
                    + objectName() + ": " + (response.isUnreachable() ? "" : "HTTP " + response.code() + " ")
                    + response.message());
        }
    }
}
