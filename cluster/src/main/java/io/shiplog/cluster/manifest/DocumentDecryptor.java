package io.shiplog.cluster.manifest;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * Turns the documents of one file into what is applied before each is checked, e.g. by decrypting SOPS values (whose
 * MAC covers every document of the file, and which may have encrypted {@code kind} and {@code metadata.name}).
 */
@FunctionalInterface
public interface DocumentDecryptor {

    /**
     * The documents to check and apply in place of {@code documents} (the mappings of file {@code path}, in order).
     *
     * @throws RuntimeException whose message names the file and never holds plaintext: the file fails to load
     */
    List<JsonObject> decrypt(List<JsonObject> documents, String path);

    /** Leaves every document as it is written. */
    DocumentDecryptor NONE = (documents, path) -> documents;
}
