package io.shiplog.cluster.render.helm;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.shiplog.cluster.manifest.Manifest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The values of a HelmRelease as Flux merges them: each {@code valuesFrom} entry in order (a whole values document
 * merged in, or with {@code targetPath} one value set at a path), then {@code spec.values} on top. ConfigMaps and
 * Secrets are looked up among the manifests from git.
 */
final class ReleaseValues {

    private static final String DEFAULT_KEY = "values.yaml";
    private static final int MIN_SECRET_LENGTH = 3;

    private ReleaseValues() {
    }

    /**
     * Merges the values of {@code spec}; texts read from Secrets are added to {@code secretTexts}. An
     * {@link IllegalArgumentException} says what is wrong without quoting any value.
     */
    static JsonObject merge(JsonObject spec, String namespace, Map<String, Manifest> objects, Set<String> secretTexts) {
        JsonObject result = new JsonObject();
        JsonElement valuesFrom = spec.get("valuesFrom");
        if (valuesFrom != null && !valuesFrom.isJsonNull()) {
            if (!valuesFrom.isJsonArray()) {
                throw new IllegalArgumentException("spec.valuesFrom is not a list");
            }
            for (JsonElement entry : valuesFrom.getAsJsonArray()) {
                if (!entry.isJsonObject()) {
                    throw new IllegalArgumentException("spec.valuesFrom has an entry that is not a mapping");
                }
                applyReference(entry.getAsJsonObject(), namespace, objects, secretTexts, result);
            }
        }
        JsonElement values = spec.get("values");
        if (values != null && !values.isJsonNull()) {
            if (!values.isJsonObject()) {
                throw new IllegalArgumentException("spec.values is not a mapping");
            }
            deepMerge(result, values.getAsJsonObject());
        }
        return result;
    }

    private static void applyReference(JsonObject ref, String namespace, Map<String, Manifest> objects,
                                       Set<String> secretTexts, JsonObject result) {
        String kind = HelmPlanner.text(ref, "kind");
        String name = HelmPlanner.text(ref, "name");
        String key = Optional.ofNullable(HelmPlanner.text(ref, "valuesKey")).orElse(DEFAULT_KEY);
        String targetPath = HelmPlanner.text(ref, "targetPath");
        boolean optional = ref.has("optional") && ref.get("optional").isJsonPrimitive()
                && ref.get("optional").getAsBoolean();
        if (!"ConfigMap".equals(kind) && !"Secret".equals(kind)) {
            throw new IllegalArgumentException("spec.valuesFrom kind " + kind + " is not ConfigMap or Secret");
        }
        if (name == null) {
            throw new IllegalArgumentException("spec.valuesFrom " + kind + " entry has no name");
        }
        String what = kind + " " + namespace + "/" + name + " key " + key;
        Manifest object = objects.get(HelmPlanner.index("", kind, namespace, name));
        if (object == null) {
            if (optional) {
                return;
            }
            throw new IllegalArgumentException("spec.valuesFrom " + kind + " " + namespace + "/" + name + " is not "
                    + "among the cluster's manifests in git (Shiplog reads values from git only; mark it optional: "
                    + "true if it may be absent)");
        }
        boolean secret = "Secret".equals(kind);
        Optional<String> text = secret ? secretValue(object.body(), key, what) : configMapValue(object.body(), key);
        if (text.isEmpty()) {
            if (optional) {
                return;
            }
            throw new IllegalArgumentException("spec.valuesFrom " + what + " does not exist");
        }
        if (targetPath != null && !targetPath.isBlank()) {
            if (secret) {
                remember(text.get(), secretTexts);
            }
            setAtPath(result, targetPath, text.get(), what);
            return;
        }
        JsonObject values = ValuesYaml.parseMapping(text.get(), "spec.valuesFrom " + what);
        if (secret) {
            collectStrings(values, secretTexts);
        }
        deepMerge(result, values);
    }

    private static Optional<String> configMapValue(JsonObject body, String key) {
        for (String field : List.of("data", "binaryData")) {
            JsonElement data = body.get(field);
            if (data != null && data.isJsonObject() && data.getAsJsonObject().has(key)) {
                String value = scalar(data.getAsJsonObject().get(key), "ConfigMap " + field + "." + key);
                return Optional.of(field.equals("data") ? value
                        : new String(Base64.getMimeDecoder().decode(value), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> secretValue(JsonObject body, String key, String what) {
        JsonElement stringData = body.get("stringData");
        if (stringData != null && stringData.isJsonObject() && stringData.getAsJsonObject().has(key)) {
            return Optional.of(scalar(stringData.getAsJsonObject().get(key), "Secret stringData." + key));
        }
        JsonElement data = body.get("data");
        if (data != null && data.isJsonObject() && data.getAsJsonObject().has(key)) {
            try {
                return Optional.of(new String(Base64.getMimeDecoder().decode(
                        scalar(data.getAsJsonObject().get(key), "Secret data." + key)), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("spec.valuesFrom " + what + " is not valid base64");
            }
        }
        return Optional.empty();
    }

    private static String scalar(JsonElement value, String what) {
        if (!value.isJsonPrimitive()) {
            throw new IllegalArgumentException("spec.valuesFrom " + what + " is not a string");
        }
        return value.getAsString();
    }

    /** Sets {@code value} (a string, as Flux does) at a dotted path; {@code \.} escapes a dot in a key. */
    static void setAtPath(JsonObject root, String path, String value, String what) {
        List<String> keys = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' && i + 1 < path.length() && path.charAt(i + 1) == '.') {
                current.append('.');
                i++;
            } else if (c == '.') {
                keys.add(current.toString());
                current.setLength(0);
            } else if (c == '[' || c == ']') {
                throw new IllegalArgumentException("spec.valuesFrom " + what + " targetPath " + path + " has a list "
                        + "index, which Shiplog does not support");
            } else {
                current.append(c);
            }
        }
        keys.add(current.toString());
        if (keys.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("spec.valuesFrom " + what + " targetPath " + path + " has an empty key");
        }
        JsonObject node = root;
        for (String key : keys.subList(0, keys.size() - 1)) {
            JsonElement child = node.get(key);
            if (child == null || !child.isJsonObject()) {
                child = new JsonObject();
                node.add(key, child);
            }
            node = child.getAsJsonObject();
        }
        node.add(keys.get(keys.size() - 1), new JsonPrimitive(value));
    }

    /** Merges {@code overlay} into {@code base}: mappings merge key by key, anything else replaces. */
    static void deepMerge(JsonObject base, JsonObject overlay) {
        for (Map.Entry<String, JsonElement> entry : overlay.entrySet()) {
            JsonElement existing = base.get(entry.getKey());
            if (existing != null && existing.isJsonObject() && entry.getValue().isJsonObject()) {
                deepMerge(existing.getAsJsonObject(), entry.getValue().getAsJsonObject());
            } else {
                base.add(entry.getKey(), entry.getValue().deepCopy());
            }
        }
    }

    private static void collectStrings(JsonElement element, Set<String> texts) {
        if (element.isJsonObject()) {
            element.getAsJsonObject().entrySet().forEach(e -> collectStrings(e.getValue(), texts));
        } else if (element instanceof JsonArray array) {
            array.forEach(e -> collectStrings(e, texts));
        } else if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()) {
            remember(element.getAsString(), texts);
        }
    }

    private static void remember(String text, Set<String> texts) {
        if (text.strip().length() >= MIN_SECRET_LENGTH) {
            texts.add(text.strip());
        }
    }
}
