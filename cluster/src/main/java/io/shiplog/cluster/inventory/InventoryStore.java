package io.shiplog.cluster.inventory;

import com.google.gson.JsonObject;
import io.shiplog.cluster.kube.ClusterUnreachableException;
import io.shiplog.cluster.kube.KubeResource;
import io.shiplog.cluster.kube.KubeResponse;
import io.shiplog.cluster.kube.KubernetesHandler;
import io.shiplog.cluster.plan.Labels;
import java.util.Optional;

/**
 * Keeps a cluster's {@link Inventory} in the cluster: a ConfigMap {@code shiplog-inventory-<id>} in namespace
 * {@value #NAMESPACE}, written by server-side apply like everything else.
 */
public final class InventoryStore {

    /** Namespace of the inventories; created when missing. */
    public static final String NAMESPACE = "shiplog-system";

    private static final KubeResource CONFIG_MAPS = new KubeResource("", "v1", "ConfigMap", "configmaps", true);
    private static final KubeResource NAMESPACES = new KubeResource("", "v1", "Namespace", "namespaces", false);

    private final KubernetesHandler kube;
    private final String id;
    private boolean namespaceEnsured;

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
            return Optional.empty();
        }
        check(response, "read");
        return Optional.of(InventoryCodec.fromData(id, response.object().getAsJsonObject("data")));
    }

    public void write(Inventory inventory) throws ClusterUnreachableException {
        ensureNamespace();
        JsonObject body = new JsonObject();
        body.addProperty("apiVersion", "v1");
        body.addProperty("kind", "ConfigMap");
        JsonObject metadata = new JsonObject();
        metadata.addProperty("name", objectName());
        metadata.addProperty("namespace", NAMESPACE);
        JsonObject labels = new JsonObject();
        labels.addProperty(Labels.MANAGED_BY, Labels.SHIPLOG);
        labels.addProperty(Labels.INVENTORY_OF, id);
        metadata.add("labels", labels);
        body.add("metadata", metadata);
        body.add("data", InventoryCodec.toData(inventory));
        check(kube.applyForMetadata(CONFIG_MAPS, NAMESPACE, objectName(), body), "write");
    }

    private void ensureNamespace() throws ClusterUnreachableException {
        if (namespaceEnsured) {
            return;
        }
        if (kube.get(NAMESPACES, null, NAMESPACE).isNotFound()) {
            JsonObject body = new JsonObject();
            body.addProperty("apiVersion", "v1");
            body.addProperty("kind", "Namespace");
            JsonObject metadata = new JsonObject();
            metadata.addProperty("name", NAMESPACE);
            body.add("metadata", metadata);
            check(kube.apply(NAMESPACES, null, NAMESPACE, body, false), "create namespace " + NAMESPACE + " for");
        }
        namespaceEnsured = true;
    }

    private void check(KubeResponse response, String what) throws ClusterUnreachableException {
        if (!response.isSuccess()) {
            throw new ClusterUnreachableException(response, "cannot " + what + " inventory " + NAMESPACE + "/"
                    + objectName() + ": " + (response.isUnreachable() ? "" : "HTTP " + response.code() + " ")
                    + response.message());
        }
    }
}
