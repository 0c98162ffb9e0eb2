package io.shiplog.scanner.registry;

import java.time.Instant;
import java.util.List;

/**
 * What a manifest digest is: media type, the platforms of an index (or of the one image), its creation time when
 * the image config says. Immutable per digest, so cached forever.
 */
public record ManifestInfo(String digest, String mediaType, List<Platform> platforms, Instant createdAt) {

    /** An OS/architecture pair (variant optional) of a multi-arch index entry. */
    public record Platform(String os, String architecture, String variant) {
    }

    public ManifestInfo {
        platforms = List.copyOf(platforms);
    }

    /** A digest known from a HEAD alone: its media type, no platforms, no creation time (no manifest was read). */
    public static ManifestInfo headOnly(String digest, String mediaType) {
        return new ManifestInfo(digest, mediaType, List.of(), null);
    }

    /** Whether this says more than a HEAD does (platforms or creation time), so it is worth caching per digest. */
    public boolean inspected() {
        return createdAt != null || !platforms.isEmpty();
    }

    public boolean isIndex() {
        return Manifests.isIndex(mediaType);
    }
}
