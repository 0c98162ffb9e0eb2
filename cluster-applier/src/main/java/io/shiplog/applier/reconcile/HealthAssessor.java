package io.shiplog.applier.reconcile;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.shiplog.cluster.kube.JsonFields;
import io.shiplog.cluster.manifest.ObjectKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Health of an object from its live state. Workloads are healthy once their controller observed the latest
 * generation and rolled it out; a Deployment whose progress deadline passed is degraded. CRDs must be Established,
 * Namespaces Active; anything else that exists is healthy.
 */
public final class HealthAssessor {

    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet");

    private HealthAssessor() {
    }

    /** Whether {@code key}'s health may change while we wait (a controller works on it). */
    public static boolean isWorkload(ObjectKey key) {
        return key.group().equals("apps") && WORKLOADS.contains(key.kind())
                || key.group().equals("batch") && key.kind().equals("Job");
    }

    /**
     * Whether the applier needs more of {@code key}'s stored object than its metadata: its health is read from its
     * status, or its images are reported. Any other object is healthy once stored.
     */
    public static boolean readsStoredObject(ObjectKey key) {
        return isWorkload(key) || key.group().equals("batch") || key.group().isEmpty()
                && (key.kind().equals("Pod") || key.kind().equals("Namespace"))
                || key.group().equals("apiextensions.k8s.io") && key.kind().equals("CustomResourceDefinition");
    }

    public static Health assess(ObjectKey key, JsonObject live) {
        if (live == null) {
            return Health.UNKNOWN;
        }
        JsonObject status = JsonFields.object(live, "status");
        if (key.group().equals("apiextensions.k8s.io") && key.kind().equals("CustomResourceDefinition")) {
            return condition(status, "Established", "True") ? Health.HEALTHY : Health.PROGRESSING;
        }
        if (key.group().isEmpty() && key.kind().equals("Namespace")) {
            return "Terminating".equals(JsonFields.string(status, "phase")) ? Health.PROGRESSING : Health.HEALTHY;
        }
        if (key.group().equals("batch") && key.kind().equals("Job")) {
            if (condition(status, "Failed", "True")) {
                return Health.DEGRADED;
            }
            return condition(status, "Complete", "True") ? Health.HEALTHY : Health.PROGRESSING;
        }
        if (!isWorkload(key)) {
            return Health.HEALTHY;
        }
        long generation = number(JsonFields.object(live, "metadata"), "generation", 0);
        if (status == null || number(status, "observedGeneration", -1) < generation) {
            return Health.PROGRESSING;
        }
        JsonObject spec = JsonFields.object(live, "spec");
        return switch (key.kind()) {
            case "Deployment" -> deployment(spec, status);
            case "StatefulSet" -> replicasReady(spec, status, "updatedReplicas", "readyReplicas");
            case "ReplicaSet" -> replicasReady(spec, status, "readyReplicas", "availableReplicas");
            case "DaemonSet" -> daemonSet(status);
            default -> Health.UNKNOWN;
        };
    }

    private static Health deployment(JsonObject spec, JsonObject status) {
        JsonObject progressing = conditionObject(status, "Progressing");
        if (progressing != null && "False".equals(JsonFields.string(progressing, "status"))
                && "ProgressDeadlineExceeded".equals(JsonFields.string(progressing, "reason"))) {
            return Health.DEGRADED;
        }
        if (condition(status, "ReplicaFailure", "True")) {
            return Health.DEGRADED;
        }
        long wanted = number(spec, "replicas", 1);
        boolean rolledOut = number(status, "updatedReplicas", 0) >= wanted
                && number(status, "availableReplicas", 0) >= wanted
                && number(status, "replicas", 0) <= number(status, "updatedReplicas", 0);
        return rolledOut && (wanted == 0 || condition(status, "Available", "True"))
                ? Health.HEALTHY : Health.PROGRESSING;
    }

    private static Health replicasReady(JsonObject spec, JsonObject status, String first, String second) {
        long wanted = number(spec, "replicas", 1);
        return number(status, first, 0) >= wanted && number(status, second, 0) >= wanted
                ? Health.HEALTHY : Health.PROGRESSING;
    }

    private static Health daemonSet(JsonObject status) {
        long desired = number(status, "desiredNumberScheduled", 0);
        return number(status, "updatedNumberScheduled", 0) >= desired
                && number(status, "numberAvailable", 0) >= desired ? Health.HEALTHY : Health.PROGRESSING;
    }

    /** Container images of a workload (or Pod, CronJob) as the object holds them. */
    public static List<String> images(JsonObject object) {
        List<String> images = new ArrayList<>();
        JsonObject spec = JsonFields.object(object, "spec");
        JsonObject podSpec = spec;
        JsonObject jobTemplate = JsonFields.object(spec, "jobTemplate");
        if (jobTemplate != null) {
            spec = JsonFields.object(jobTemplate, "spec");
        }
        JsonObject template = JsonFields.object(spec, "template");
        if (template != null) {
            podSpec = JsonFields.object(template, "spec");
        }
        if (podSpec == null) {
            return images;
        }
        for (String field : List.of("initContainers", "containers")) {
            JsonElement containers = podSpec.get(field);
            if (containers instanceof JsonArray array) {
                for (JsonElement container : array) {
                    if (container.isJsonObject()) {
                        String image = JsonFields.string(container.getAsJsonObject(), "image");
                        if (image != null) {
                            images.add(image);
                        }
                    }
                }
            }
        }
        return images;
    }

    private static boolean condition(JsonObject status, String type, String value) {
        JsonObject condition = conditionObject(status, type);
        return condition != null && value.equals(JsonFields.string(condition, "status"));
    }

    private static JsonObject conditionObject(JsonObject status, String type) {
        if (status == null || !(status.get("conditions") instanceof JsonArray conditions)) {
            return null;
        }
        for (JsonElement element : conditions) {
            if (element.isJsonObject() && type.equals(JsonFields.string(element.getAsJsonObject(), "type"))) {
                return element.getAsJsonObject();
            }
        }
        return null;
    }

    private static long number(JsonObject parent, String field, long fallback) {
        if (parent == null) {
            return fallback;
        }
        JsonElement value = parent.get(field);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()
                ? value.getAsLong() : fallback;
    }
}
