package io.shiplog.cluster.render;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Turns an object as git holds it (perhaps SOPS-encrypted) into the object to apply. Called on every rendered and plain
 * object that {@link #mayHoldEncrypted may hold encrypted values} before it leaves the renderer; the plaintext it
 * returns lives in memory only.
 */
@FunctionalInterface
public interface ObjectDecryptor {

    /** Leaves every object as it is. */
    ObjectDecryptor NONE = (body, source) -> body;

    /**
     * The object to apply for {@code body}, read from {@code source} (a unit path and document, e.g.
     * {@code apps/web.yaml#2}). A failure is an exception whose message names the source and never holds plaintext.
     */
    JsonObject decrypt(JsonObject body, String source);

    /**
     * Whether {@code body} may hold encrypted values: it carries sops metadata, or it is a Secret (whose data may hold
     * sops-encrypted files). No other object has anything to decrypt.
     */
    static boolean mayHoldEncrypted(JsonObject body) {
        JsonElement sops = body.get("sops");
        if (sops != null && sops.isJsonObject()) {
            return true;
        }
        JsonElement kind = body.get("kind");
        return kind != null && kind.isJsonPrimitive() && "Secret".equals(kind.getAsString());
    }
}
