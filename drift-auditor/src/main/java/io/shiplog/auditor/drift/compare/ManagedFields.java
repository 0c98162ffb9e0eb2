package io.shiplog.auditor.drift.compare;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Which fields of a live object given field managers own, read from its {@code metadata.managedFields}
 * ({@code FieldsV1}: {@code f:} fields, {@code k:} list items by key, {@code v:} set values, {@code i:} indexes),
 * as JSON pointers into that live object.
 */
public final class ManagedFields {

    /**
     * @param leaves pointers to fields the managers own outright (everything beneath them is theirs)
     * @param nodes  pointers to list items or maps the managers own as such (a {@code "."} entry)
     */
    public record Owned(List<String> leaves, List<String> nodes) {

        /** Whether a difference at {@code pointer} is in a field these managers own. */
        public boolean owns(String pointer) {
            return leaves.stream().anyMatch(leaf -> JsonPointer.isAtOrUnder(pointer, leaf)) || nodes.contains(pointer);
        }
    }

    private ManagedFields() {
    }

    /** The fields of {@code live} that any of {@code managers} owns; empty when none is named or found. */
    public static Owned ownedBy(JsonObject live, Collection<String> managers) {
        List<String> leaves = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        if (managers.isEmpty() || !(live.get("metadata") instanceof JsonObject metadata)
                || !(metadata.get("managedFields") instanceof JsonArray entries)) {
            return new Owned(leaves, nodes);
        }
        for (JsonElement entry : entries) {
            if (entry instanceof JsonObject e && e.get("manager") != null && e.get("manager").isJsonPrimitive()
                    && managers.contains(e.get("manager").getAsString()) && e.get("fieldsV1") instanceof JsonObject f) {
                walk(f, "", live, leaves, nodes);
            }
        }
        return new Owned(leaves, nodes);
    }

    private static void walk(JsonObject fields, String path, JsonElement liveNode, List<String> leaves,
                             List<String> nodes) {
        for (Map.Entry<String, JsonElement> field : fields.entrySet()) {
            String name = field.getKey();
            if (name.equals(".")) {
                nodes.add(path);
                continue;
            }
            String childPath;
            JsonElement childLive;
            if (name.startsWith("f:")) {
                String key = name.substring(2);
                childPath = JsonPointer.child(path, key);
                childLive = liveNode instanceof JsonObject o ? o.get(key) : null;
            } else if (name.startsWith("i:")) {
                int index = parseIndex(name.substring(2));
                childPath = JsonPointer.child(path, index);
                childLive = element(liveNode, index);
            } else if (name.startsWith("k:") || name.startsWith("v:")) {
                int index = name.startsWith("k:") ? indexByKey(liveNode, name.substring(2))
                        : indexByValue(liveNode, name.substring(2));
                if (index < 0) {
                    continue;
                }
                childPath = JsonPointer.child(path, index);
                childLive = element(liveNode, index);
            } else {
                continue;
            }
            if (field.getValue() instanceof JsonObject sub && !sub.isEmpty()) {
                walk(sub, childPath, childLive, leaves, nodes);
            } else {
                leaves.add(childPath);
            }
        }
    }

    private static int parseIndex(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static JsonElement element(JsonElement array, int index) {
        return array instanceof JsonArray a && index >= 0 && index < a.size() ? a.get(index) : null;
    }

    /** The index of the item whose fields equal every field of the key, e.g. {@code {"name":"web"}}. */
    private static int indexByKey(JsonElement array, String keyJson) {
        if (!(array instanceof JsonArray items)) {
            return -1;
        }
        JsonObject key;
        try {
            key = JsonParser.parseString(keyJson).getAsJsonObject();
        } catch (RuntimeException e) {
            return -1;
        }
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof JsonObject item && key.entrySet().stream()
                    .allMatch(k -> k.getValue().equals(item.get(k.getKey())))) {
                return i;
            }
        }
        return -1;
    }

    private static int indexByValue(JsonElement array, String valueJson) {
        if (!(array instanceof JsonArray items)) {
            return -1;
        }
        JsonElement value;
        try {
            value = JsonParser.parseString(valueJson);
        } catch (RuntimeException e) {
            return -1;
        }
        for (int i = 0; i < items.size(); i++) {
            if (value.equals(items.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
