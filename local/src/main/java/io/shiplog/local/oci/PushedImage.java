package io.shiplog.local.oci;

import java.time.Instant;

/**
 * An image manifest the registry accepted: {@code tag} is null for a manifest pushed by digest only (the
 * per-platform images of an index). {@code digest} is the registry's {@code Docker-Content-Digest}, already
 * checked against the SHA-256 of the bytes sent.
 */
public record PushedImage(String repository, String tag, String digest, String mediaType, long size,
                          Instant created, Platform platform, String configDigest, String layerDigest,
                          ImageSpec spec) {

    /** {@code repository:tag}, or {@code repository@digest} when pushed without a tag. */
    public String reference() {
        return tag == null ? repository + "@" + digest : repository + ":" + tag;
    }
}
