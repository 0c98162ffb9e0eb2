package io.shiplog.cluster.render.helm;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.shiplog.cluster.manifest.GuardedYaml;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads Helm values (a YAML mapping) with the limits that stop YAML bombs: few aliased collections, bounded nesting
 * and size. Messages give the problem and position, never the content (values may come from a Secret).
 */
final class ValuesYaml {

    private static final Gson GSON = new Gson();
    private static final int MAX_CODE_POINTS = 4 * 1024 * 1024;

    private ValuesYaml() {
    }

    /** The mapping in {@code text} (empty text: an empty mapping); {@link IllegalArgumentException} otherwise. */
    static JsonObject parseMapping(String text, String what) {
        Object document;
        try {
            document = yaml(MAX_CODE_POINTS).load(text);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(what + " is not valid YAML: " + GuardedYaml.describe(e));
        }
        if (document == null) {
            return new JsonObject();
        }
        JsonElement json = GSON.toJsonTree(document);
        if (json == null || json instanceof JsonNull) {
            return new JsonObject();
        }
        if (!json.isJsonObject()) {
            throw new IllegalArgumentException(what + " is not a YAML mapping");
        }
        return json.getAsJsonObject();
    }

    /** A parser with the bomb limits and no implicit timestamps, reading at most {@code codePoints}. */
    static Yaml yaml(int codePoints) {
        return GuardedYaml.parser(codePoints);
    }
}
