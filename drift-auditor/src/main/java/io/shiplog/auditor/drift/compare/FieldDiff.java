package io.shiplog.auditor.drift.compare;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fields in which two versions of one object differ, as JSON pointers, leaving out what the server sets for
 * itself ({@code status}, {@code metadata.managedFields}, {@code resourceVersion}, {@code generation}, …). Objects are
 * compared key by key, arrays element by element when their lengths agree and as a whole otherwise.
 */
public final class FieldDiff {

    /** Metadata the API server maintains; never drift. */
    static final Set<String> SERVER_METADATA = Set.of("managedFields", "resourceVersion", "generation", "uid",
            "creationTimestamp", "selfLink");

    private FieldDiff() {
    }

    /**
     * One differing field.
     *
     * @param desired the value the object should have; null when the field should be absent
     * @param live    the value it has; null when it is absent
     */
    public record Difference(String path, JsonElement desired, JsonElement live) {
    }

    /** Where {@code live} differs from {@code desired} (a server-side apply dry-run result). */
    public static List<Difference> between(JsonObject desired, JsonObject live) {
        List<Difference> differences = new ArrayList<>();
        Set<String> keys = new TreeSet<>(desired.keySet());
        keys.addAll(live.keySet());
        for (String key : keys) {
            if (key.equals("status") || key.equals("kind") || key.equals("apiVersion")) {
                continue;
            }
            String path = JsonPointer.child("", key);
            if (key.equals("metadata") && desired.get(key) instanceof JsonObject d && live.get(key) instanceof JsonObject l) {
                metadata(path, d, l, differences);
            } else {
                compare(path, desired.get(key), live.get(key), differences);
            }
        }
        return differences;
    }

    private static void metadata(String path, JsonObject desired, JsonObject live, List<Difference> out) {
        Set<String> keys = new TreeSet<>(desired.keySet());
        keys.addAll(live.keySet());
        for (String key : keys) {
            if (!SERVER_METADATA.contains(key)) {
                compare(JsonPointer.child(path, key), desired.get(key), live.get(key), out);
            }
        }
    }

    private static void compare(String path, JsonElement desired, JsonElement live, List<Difference> out) {
        JsonElement d = absentIfNull(desired);
        JsonElement l = absentIfNull(live);
        if (d == null && l == null) {
            return;
        }
        if (d == null || l == null) {
            out.add(new Difference(path, d, l));
            return;
        }
        if (d.isJsonObject() && l.isJsonObject()) {
            JsonObject dObject = d.getAsJsonObject();
            JsonObject lObject = l.getAsJsonObject();
            Set<String> keys = new TreeSet<>(dObject.keySet());
            keys.addAll(lObject.keySet());
            for (String key : keys) {
                compare(JsonPointer.child(path, key), dObject.get(key), lObject.get(key), out);
            }
            return;
        }
        if (d.isJsonArray() && l.isJsonArray() && d.getAsJsonArray().size() == l.getAsJsonArray().size()) {
            JsonArray dArray = d.getAsJsonArray();
            JsonArray lArray = l.getAsJsonArray();
            for (int i = 0; i < dArray.size(); i++) {
                compare(JsonPointer.child(path, i), dArray.get(i), lArray.get(i), out);
            }
            return;
        }
        if (!d.equals(l)) {
            out.add(new Difference(path, d, l));
        }
    }

    private static JsonElement absentIfNull(JsonElement element) {
        return element == null || element.isJsonNull() ? null : element;
    }
}
