package io.shiplog.cluster.manifest;

import com.google.gson.JsonObject;
import java.util.Objects;

/**
 * One object as git defines it. {@link #toString()} never shows the body: a Secret's data must not reach a log.
 *
 * @param key           identity (namespace as written; defaulted later for namespaced kinds)
 * @param apiVersion    as written
 * @param body          the whole document as JSON
 * @param sourcePath    the unit it came from: the file in the config repository, or the rendered directory
 * @param documentIndex 0-based document in the file
 */
public record Manifest(ObjectKey key, String apiVersion, JsonObject body, String sourcePath, int documentIndex) {

    public Manifest {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(sourcePath, "sourcePath");
    }

    public String version() {
        return ObjectKey.versionOf(apiVersion);
    }

    /** Where it comes from, e.g. {@code apps/web.yaml#2} (1-based document number). */
    public String source() {
        return sourcePath + "#" + (documentIndex + 1);
    }

    public boolean isSecret() {
        return key.group().isEmpty() && key.kind().equals("Secret");
    }

    /** A copy with the body replaced (the key stays). */
    public Manifest withBody(JsonObject newBody, ObjectKey newKey) {
        return new Manifest(newKey, apiVersion, newBody, sourcePath, documentIndex);
    }

    @Override
    public String toString() {
        return "Manifest[" + key + " (" + apiVersion + ") from " + source() + "]";
    }
}
