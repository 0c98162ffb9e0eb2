package io.shiplog.cluster.manifest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Collection;
import java.util.Map;

/**
 * What a safe YAML load gives (maps, lists, strings, numbers, booleans, nulls, binary) as a Gson tree, directly: the
 * same tree {@code Gson.toJsonTree} builds, without its type adapters, for every document of every manifest.
 */
final class YamlTrees {

    private YamlTrees() {
    }

    /**
     * The tree of {@code value}; a map key becomes its string form, a map entry whose value is null is left out (a
     * null in a list stays), binary becomes an array of its bytes.
     *
     * @throws IllegalArgumentException for a number JSON cannot represent ({@code .inf}, {@code .nan})
     */
    static JsonElement of(Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof String text) {
            return new JsonPrimitive(text);
        }
        if (value instanceof Map<?, ?> map) {
            JsonObject object = new JsonObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (entry.getValue() != null) {
                    object.add(String.valueOf(entry.getKey()), of(entry.getValue()));
                }
            }
            return object;
        }
        if (value instanceof Collection<?> items) {
            JsonArray array = new JsonArray(items.size());
            for (Object item : items) {
                array.add(of(item));
            }
            return array;
        }
        if (value instanceof Boolean flag) {
            return new JsonPrimitive(flag);
        }
        if (value instanceof Number number) {
            if (number instanceof Double d && (d.isNaN() || d.isInfinite())
                    || number instanceof Float f && (f.isNaN() || f.isInfinite())) {
                throw new IllegalArgumentException(number + " is not a valid JSON number");
            }
            return new JsonPrimitive(number);
        }
        if (value instanceof byte[] bytes) {
            JsonArray array = new JsonArray(bytes.length);
            for (byte b : bytes) {
                array.add(b);
            }
            return array;
        }
        return new JsonPrimitive(String.valueOf(value));
    }
}
