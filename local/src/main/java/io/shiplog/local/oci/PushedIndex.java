package io.shiplog.local.oci;

import java.time.Instant;
import java.util.List;

/** A multi-platform image index (or Docker manifest list) the registry accepted under {@code tag}. */
public record PushedIndex(String repository, String tag, String digest, String mediaType, long size,
                          Instant created, List<PushedImage> images) {

    public PushedIndex {
        images = List.copyOf(images);
    }

    public List<Platform> platforms() {
        return images.stream().map(PushedImage::platform).toList();
    }

    public String reference() {
        return repository + ":" + tag;
    }
}
