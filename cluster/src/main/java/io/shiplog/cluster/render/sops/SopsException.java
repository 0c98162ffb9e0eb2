package io.shiplog.cluster.render.sops;

/**
 * A SOPS-encrypted object that cannot be decrypted: no matching key, altered content, malformed metadata or a key
 * type Shiplog does not decrypt. The message names the source and never holds plaintext or key material.
 */
public final class SopsException extends RuntimeException {

    private final String source;

    SopsException(String source, String message) {
        super(message, null, false, false);
        this.source = source;
    }

    /** The file (its path in the repository) the object came from. */
    public String source() {
        return source;
    }
}
