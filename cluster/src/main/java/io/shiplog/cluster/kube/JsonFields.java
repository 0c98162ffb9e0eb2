package io.shiplog.cluster.kube;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Null-tolerant reads of fields of Kubernetes objects as the API client's Gson trees. */
public final class JsonFields {

    private JsonFields() {
    }

    /** The object at {@code field} of {@code parent}, or null when either is missing or not an object. */
    public static JsonObject object(JsonObject parent, String field) {
        if (parent == null) {
            return null;
        }
        JsonElement value = parent.get(field);
        return value != null && value.isJsonObject() ? value.getAsJsonObject() : null;
    }

    /** The scalar at {@code field} of {@code parent} as text, or null when either is missing or not a scalar. */
    public static String string(JsonObject parent, String field) {
        if (parent == null) {
            return null;
        }
        JsonElement value = parent.get(field);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
    }
}
