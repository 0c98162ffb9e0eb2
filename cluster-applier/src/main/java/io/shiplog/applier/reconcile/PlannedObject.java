package io.shiplog.applier.reconcile;

import com.google.gson.JsonObject;
import io.shiplog.applier.kube.KubeResource;
import io.shiplog.applier.manifest.Manifest;
import io.shiplog.applier.manifest.ObjectKey;

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
        JsonObject annotations = metadata == null ? null : HealthAssessor.object(metadata, "annotations");
        return annotations != null && value.equals(HealthAssessor.string(annotations, annotation));
    }

    @Override
    public String toString() {
        return "PlannedObject[" + key + " via " + resource.apiVersion() + "/" + resource.plural() + " from "
                + manifest.source() + "]";
    }
}
