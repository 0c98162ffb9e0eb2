package io.shiplog.cluster.plan;

import com.google.gson.JsonObject;
import io.shiplog.cluster.kube.JsonFields;
import io.shiplog.cluster.kube.KubeResource;
import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.manifest.ObjectKey;

/**
 * An object ready to send: its resource, its key with the namespace resolved, and the body with Shiplog's labels.
 * {@link #toString()} never shows the body.
 */
public record PlannedObject(Manifest manifest, KubeResource resource, ObjectKey key, JsonObject body) {

    public String namespace() {
        return key.namespace();
    }

    public String name() {
        return key.name();
    }

    public boolean hasAnnotation(String annotation, String value) {
        JsonObject metadata = body.getAsJsonObject("metadata");
        JsonObject annotations = metadata == null ? null : JsonFields.object(metadata, "annotations");
        return annotations != null && value.equals(JsonFields.string(annotations, annotation));
    }

    @Override
    public String toString() {
        return "PlannedObject[" + key + " via " + resource.apiVersion() + "/" + resource.plural() + " from "
                + manifest.source() + "]";
    }
}
