package io.shiplog.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * A tag a policy may choose: the tag, its manifest digest (null when unknown) and the image creation time (null when
 * unknown; from the scanner's {@code TagDiscovered.createdAt}).
 */
public record TagCandidate(String tag, String digest, Instant createdAt) {

    public TagCandidate {
        Objects.requireNonNull(tag, "tag");
    }

    public static TagCandidate of(String tag) {
        return new TagCandidate(tag, null, null);
    }
}
