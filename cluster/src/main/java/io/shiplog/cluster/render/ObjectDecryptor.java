package io.shiplog.cluster.render;

import com.google.gson.JsonObject;

/**
 * Turns an object as git holds it (perhaps SOPS-encrypted) into the object to apply. Called on every rendered and plain
 * object before it leaves the renderer; the plaintext it returns lives in memory only.
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
}
