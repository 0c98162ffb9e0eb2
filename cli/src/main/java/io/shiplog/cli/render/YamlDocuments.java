package io.shiplog.cli.render;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** Objects as YAML documents separated by {@code ---}, keys in their order, as {@code kustomize build} prints them. */
public final class YamlDocuments {

    private static final Yaml YAML = yaml();

    private YamlDocuments() {
    }

    public static String of(List<JsonObject> objects) {
        StringBuilder out = new StringBuilder();
        for (JsonObject object : objects) {
            if (!out.isEmpty()) {
                out.append("---\n");
            }
            out.append(YAML.dump(plain(object)));
        }
        return out.toString();
    }

    /** Maps, lists, strings, booleans and numbers (integers stay integers). */
    static Object plain(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return null;
        }
        if (element instanceof JsonObject object) {
            Map<String, Object> map = new LinkedHashMap<>();
            object.entrySet().forEach(e -> map.put(e.getKey(), plain(e.getValue())));
            return map;
        }
        if (element instanceof JsonArray array) {
            List<Object> list = new ArrayList<>();
            array.forEach(e -> list.add(plain(e)));
            return list;
        }
        JsonPrimitive primitive = element.getAsJsonPrimitive();
        if (primitive.isBoolean()) {
            return primitive.getAsBoolean();
        }
        if (primitive.isNumber()) {
            String text = primitive.getAsNumber().toString();
            if (text.matches("-?\\d+")) {
                BigInteger value = new BigInteger(text);
                return value.bitLength() < 64 ? (Object) value.longValue() : value;
            }
            return primitive.getAsDouble();
        }
        return primitive.getAsString();
    }

    private static Yaml yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(0);
        options.setIndent(2);
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        return new Yaml(options);
    }
}
