package io.shiplog.cli.diff;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An object as {@code shiplog diff} compares it: without the fields the API server maintains
 * ({@code metadata.managedFields}, {@code resourceVersion}, {@code generation}, {@code uid},
 * {@code creationTimestamp}, {@code status}), keys sorted, and a Secret's values masked.
 */
final class ObjectView {

    /** What a Secret value is shown as; {@link #CHANGED} and {@link #UNCHANGED} when both sides have it. */
    static final String MASKED = "**MASKED**";
    static final String CHANGED = MASKED + " (changed)";
    static final String UNCHANGED = MASKED + " (unchanged)";

    private static final List<String> SERVER_FIELDS = List.of("managedFields", "resourceVersion", "generation", "uid",
            "creationTimestamp");
    private static final List<String> SECRET_FIELDS = List.of("data", "stringData");
    /** kubectl's client-side apply copies the whole object, Secret values included, into this annotation. */
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    /** The two sides of one object's comparison (null: the object is not on that side). */
    record Pair(JsonObject live, JsonObject desired) {
    }

    private ObjectView() {
    }

    /**
     * {@code live} and {@code desired} (either may be null) as compared: a Secret value present on both sides shows as
     * {@value #UNCHANGED} on both when equal, else as {@value #MASKED} live and {@value #CHANGED} desired; a value on
     * one side only as {@value #MASKED}. No value is ever kept.
     */
    static Pair of(JsonObject live, JsonObject desired) {
        JsonObject before = live == null ? null : stripped(live);
        JsonObject after = desired == null ? null : stripped(desired);
        if (isSecret(before) || isSecret(after)) {
            for (String field : SECRET_FIELDS) {
                mask(child(before, field), child(after, field));
            }
            mask(child(child(before, "metadata"), "annotations"), child(child(after, "metadata"), "annotations"),
                    LAST_APPLIED);
        }
        return new Pair(before == null ? null : sorted(before), after == null ? null : sorted(after));
    }

    private static JsonObject stripped(JsonObject object) {
        JsonObject copy = object.deepCopy();
        copy.remove("status");
        JsonObject metadata = child(copy, "metadata");
        if (metadata != null) {
            SERVER_FIELDS.forEach(metadata::remove);
        }
        return copy;
    }

    private static boolean isSecret(JsonObject object) {
        return object != null && object.has("kind") && object.get("kind").isJsonPrimitive()
                && "Secret".equals(object.get("kind").getAsString());
    }

    private static void mask(JsonObject before, JsonObject after) {
        Set<String> keys = new TreeSet<>();
        if (before != null) {
            keys.addAll(before.keySet());
        }
        if (after != null) {
            keys.addAll(after.keySet());
        }
        keys.forEach(key -> mask(before, after, key));
    }

    private static void mask(JsonObject before, JsonObject after, String key) {
        boolean inBefore = before != null && before.has(key);
        boolean inAfter = after != null && after.has(key);
        if (inBefore && inAfter) {
            boolean same = before.get(key).equals(after.get(key));
            before.addProperty(key, same ? UNCHANGED : MASKED);
            after.addProperty(key, same ? UNCHANGED : CHANGED);
        } else if (inBefore) {
            before.addProperty(key, MASKED);
        } else if (inAfter) {
            after.addProperty(key, MASKED);
        }
    }

    private static JsonObject child(JsonObject parent, String name) {
        return parent != null && parent.has(name) && parent.get(name).isJsonObject()
                ? parent.getAsJsonObject(name) : null;
    }

    private static JsonObject sorted(JsonObject object) {
        Map<String, JsonElement> keys = new TreeMap<>();
        object.entrySet().forEach(e -> keys.put(e.getKey(), e.getValue()));
        JsonObject copy = new JsonObject();
        keys.forEach((key, value) -> copy.add(key, sorted(value)));
        return copy;
    }

    private static JsonElement sorted(JsonElement element) {
        if (element.isJsonObject()) {
            return sorted(element.getAsJsonObject());
        }
        if (element.isJsonArray()) {
            JsonArray copy = new JsonArray();
            element.getAsJsonArray().forEach(e -> copy.add(sorted(e)));
            return copy;
        }
        return element;
    }
}
