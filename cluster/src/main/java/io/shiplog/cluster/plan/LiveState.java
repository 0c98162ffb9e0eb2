package io.shiplog.cluster.plan;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.shiplog.cluster.kube.JsonFields;
import java.util.Map;

/**
 * Tells from a live object alone that applying a body would change nothing: the object carries the digest of this
 * very body (so no field Shiplog owned was dropped from git since) and every value of the body is still there
 * (so nobody changed a field Shiplog sets). Defaulted or normalised values make it answer false, never wrongly true;
 * the dry-run then decides.
 */
public final class LiveState {

    private LiveState() {
    }

    public static boolean matches(JsonObject body, JsonObject live) {
        JsonObject bodyAnnotations = JsonFields.object(JsonFields.object(body, "metadata"), "annotations");
        JsonObject liveAnnotations = JsonFields.object(JsonFields.object(live, "metadata"), "annotations");
        String digest = JsonFields.string(bodyAnnotations, Labels.APPLIED_DIGEST);
        if (digest == null || !digest.equals(JsonFields.string(liveAnnotations, Labels.APPLIED_DIGEST))) {
            return false;
        }
        for (Map.Entry<String, JsonElement> field : body.entrySet()) {
            if (field.getKey().equals("apiVersion") || field.getKey().equals("kind")) {
                continue;
            }
            if (!contains(live.get(field.getKey()), field.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code live} holds every value of {@code wanted}: objects by key, arrays element by element. */
    static boolean contains(JsonElement live, JsonElement wanted) {
        if (wanted == null || wanted.isJsonNull()) {
            return live == null || live.isJsonNull();
        }
        if (live == null) {
            return false;
        }
        if (wanted.isJsonObject()) {
            if (!live.isJsonObject()) {
                return false;
            }
            JsonObject liveObject = live.getAsJsonObject();
            for (Map.Entry<String, JsonElement> entry : wanted.getAsJsonObject().entrySet()) {
                if (!contains(liveObject.get(entry.getKey()), entry.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (wanted.isJsonArray()) {
            if (!live.isJsonArray()) {
                return false;
            }
            JsonArray liveArray = live.getAsJsonArray();
            JsonArray wantedArray = wanted.getAsJsonArray();
            if (liveArray.size() != wantedArray.size()) {
                return false;
            }
            for (int i = 0; i < wantedArray.size(); i++) {
                if (!contains(liveArray.get(i), wantedArray.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return wanted.equals(live);
    }
}
