package io.shiplog.cluster.manifest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.shiplog.cluster.manifest.LoadFailure.PartialObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Turns one manifest file (YAML, possibly multi-document, or JSON) into objects. Each document is checked for
 * {@code apiVersion}, {@code kind} and {@code metadata.name}; {@code v1 List} documents are expanded. Error messages
 * name the file, document and position but never quote the content, which may be a Secret's.
 */
public final class ManifestParser {

    /**
     * A document larger than this is refused (the rest of its file is not read): Kubernetes keeps no object near it
     * (etcd takes requests up to 1.5 MiB), and a parser must not be made to hold an unbounded document.
     */
    public static final int MAX_DOCUMENT_CODE_POINTS = 2 * 1024 * 1024;
    /** Building a Yaml (its resolver compiles many patterns) costs more than parsing a small file; reuse per thread. */
    private static final ThreadLocal<Yaml> YAML = ThreadLocal.withInitial(
            () -> GuardedYaml.parser(MAX_DOCUMENT_CODE_POINTS));

    private ManifestParser() {
    }

    /** Parses {@code bytes} of {@code path} into manifests and failures added to the given lists. */
    public static void parse(String path, byte[] bytes, List<Manifest> manifests, List<LoadFailure> failures) {
        parse(path, bytes, DocumentDecryptor.NONE, manifests, failures);
    }

    /**
     * Parses {@code bytes} of {@code path} into manifests and failures added to the given lists; when a document has
     * a top-level {@code sops} mapping, the file's documents go through {@code decryptor} before they are checked,
     * and a decryption error fails the file with its message.
     */
    public static void parse(String path, byte[] bytes, DocumentDecryptor decryptor, List<Manifest> manifests,
                             List<LoadFailure> failures) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (path.toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
            // JSON may indent with tabs (sops does), YAML may not; a raw tab in valid JSON is only whitespace
            text = text.replace('\t', ' ');
        }
        Iterator<Object> documents = YAML.get().loadAll(text).iterator();
        List<JsonObject> bodies = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        int index = 0;
        while (true) {
            Object document;
            try {
                if (!documents.hasNext()) {
                    break;
                }
                document = documents.next();
            } catch (YAMLException e) {
                failures.add(new LoadFailure(path, index, Optional.empty(), "invalid YAML in " + path + " document "
                        + (index + 1) + ": " + GuardedYaml.describe(e) + " (the rest of the file is not read)"));
                break;
            }
            if (document != null) {
                Optional<JsonObject> body = body(path, index, document, failures);
                if (body.isPresent() && decryptor == DocumentDecryptor.NONE) {
                    accept(path, index, body.get(), manifests, failures);
                } else if (body.isPresent()) {
                    bodies.add(body.get());
                    indexes.add(index);
                }
            }
            index++;
        }
        if (bodies.isEmpty()) {
            return;
        }
        if (bodies.stream().anyMatch(b -> b.has("sops") && b.get("sops").isJsonObject())) {
            try {
                bodies = decryptor.decrypt(bodies, path);
            } catch (RuntimeException e) {
                failures.add(new LoadFailure(path, indexes.get(0), Optional.empty(), e.getMessage() != null
                        ? e.getMessage() : "cannot decrypt " + path));
                return;
            }
        }
        for (int i = 0; i < bodies.size(); i++) {
            accept(path, indexes.get(Math.min(i, indexes.size() - 1)), bodies.get(i), manifests, failures);
        }
    }

    /**
     * The first document of {@code bytes} as a JSON object (empty for an empty file), read with the same guards as
     * manifests (aliases, nesting depth, size): anything else is an {@link IllegalArgumentException} naming
     * {@code path} and the position, never the content.
     */
    public static JsonObject readMapping(String path, byte[] bytes) {
        Object document;
        try {
            Iterator<Object> documents = YAML.get().loadAll(new String(bytes, StandardCharsets.UTF_8)).iterator();
            document = documents.hasNext() ? documents.next() : null;
        } catch (YAMLException e) {
            throw new IllegalArgumentException("invalid YAML in " + path + ": " + GuardedYaml.describe(e));
        }
        if (document == null) {
            return new JsonObject();
        }
        if (!(document instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(path + " is not a mapping but a " + typeName(document));
        }
        return YamlTrees.of(document).getAsJsonObject();
    }

    /** The document as JSON, or empty with a failure when it is not a mapping or holds .inf or .nan. */
    private static Optional<JsonObject> body(String path, int index, Object document, List<LoadFailure> failures) {
        String where = path + " document " + (index + 1);
        if (!(document instanceof Map<?, ?>)) {
            failures.add(new LoadFailure(path, index, Optional.empty(), where + " is not a mapping but a "
                    + typeName(document)));
            return Optional.empty();
        }
        try {
            return Optional.of(YamlTrees.of(document).getAsJsonObject());
        } catch (IllegalArgumentException e) {
            failures.add(new LoadFailure(path, index, Optional.empty(), where + " holds a number JSON cannot "
                    + "represent (.inf or .nan)"));
            return Optional.empty();
        }
    }

    private static void accept(String path, int index, JsonObject body, List<Manifest> manifests,
                               List<LoadFailure> failures) {
        String where = path + " document " + (index + 1);
        String apiVersion = string(body, "apiVersion");
        String kind = string(body, "kind");
        if ("v1".equals(apiVersion) && "List".equals(kind) && body.has("items") && body.get("items").isJsonArray()) {
            for (JsonElement item : body.getAsJsonArray("items")) {
                if (item.isJsonObject()) {
                    validate(path, index, where + " (List item)", item.getAsJsonObject(), manifests, failures);
                } else {
                    failures.add(new LoadFailure(path, index, Optional.empty(), where + " has a List item that is "
                            + "not a mapping"));
                }
            }
            return;
        }
        validate(path, index, where, body, manifests, failures);
    }

    private static void validate(String path, int index, String where, JsonObject body, List<Manifest> manifests,
                                 List<LoadFailure> failures) {
        String apiVersion = string(body, "apiVersion");
        String kind = string(body, "kind");
        JsonObject metadata = body.has("metadata") && body.get("metadata").isJsonObject()
                ? body.getAsJsonObject("metadata") : null;
        String name = metadata == null ? null : string(metadata, "name");
        String namespace = metadata == null ? null : string(metadata, "namespace");
        List<String> missing = new ArrayList<>();
        if (apiVersion == null || apiVersion.isBlank() || apiVersion.endsWith("/") || apiVersion.startsWith("/")) {
            missing.add("apiVersion");
        }
        if (kind == null || kind.isBlank()) {
            missing.add("kind");
        }
        if (name == null || name.isBlank()) {
            missing.add("metadata.name");
        }
        if (!missing.isEmpty()) {
            PartialObject partial = new PartialObject(blank(apiVersion), blank(kind), blank(namespace), blank(name));
            failures.add(new LoadFailure(path, index, Optional.of(partial), where
                    + (kind == null || kind.isBlank() ? "" : " (" + kind + ")") + " has no " + String.join(", no ",
                    missing)));
            return;
        }
        if (namespace != null && namespace.isBlank()) {
            namespace = null;
        }
        ObjectKey key = new ObjectKey(ObjectKey.groupOf(apiVersion), kind, namespace, name);
        manifests.add(new Manifest(key, apiVersion, body, path, index));
    }

    /** A string field, or null when absent or not a string. */
    private static String string(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
                ? value.getAsString() : null;
    }

    private static String blank(String value) {
        return value == null ? "" : value;
    }

    private static String typeName(Object document) {
        return document instanceof List<?> ? "list" : document instanceof String ? "string"
                : document.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
