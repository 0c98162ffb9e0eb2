package io.shiplog.cluster.render;

import com.google.gson.JsonObject;

/** Turns an object read from the config repository into what is applied, e.g. by decrypting SOPS values. */
public interface ObjectDecryptor {

    /** The object to apply for {@code body} read from {@code source} (a path in the repository). */
    JsonObject decrypt(JsonObject body, String source);

    /** Applies objects as they are written. */
    ObjectDecryptor NONE = (b, s) -> b;
}
