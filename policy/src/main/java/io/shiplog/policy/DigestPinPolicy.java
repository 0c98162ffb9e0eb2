package io.shiplog.policy;

import java.util.Collection;
import java.util.Optional;

/**
 * {@code digest:<tag>}: follow a mutable tag by digest, so {@code app:latest} is written as
 * {@code app:latest@sha256:…} and changes whenever the tag is re-pushed. {@code digest} alone pins whatever tag
 * the manifest holds. There is no "backwards" for a digest: the registry's current digest of the tag is chosen.
 */
final class DigestPinPolicy implements Policy {

    private final String spec;
    private final String tag;

    DigestPinPolicy(String spec, String tag) {
        this.spec = spec;
        this.tag = tag;
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public boolean pinsDigest() {
        return true;
    }

    @Override
    public Optional<String> trackedTag(String currentTag) {
        return Optional.ofNullable(tag != null ? tag : currentTag);
    }

    @Override
    public PolicyResult select(Collection<TagCandidate> candidates, String currentTag) {
        String wanted = tag != null ? tag : currentTag;
        if (wanted == null) {
            return new PolicyResult.NoMatch(spec + " has no tag to pin: the manifest holds none");
        }
        TagCandidate found = null;
        for (TagCandidate c : candidates) {
            if (c.tag().equals(wanted) && c.digest() != null) {
                found = found == null || compare(c, found) > 0 ? c : found;
            }
        }
        return found == null
                ? new PolicyResult.NoMatch("tag " + wanted + " with a known digest not found for " + spec)
                : new PolicyResult.Chosen(found, "current digest of tag " + wanted);
    }

    private static int compare(TagCandidate a, TagCandidate b) {
        if (a.createdAt() != null && b.createdAt() != null && !a.createdAt().equals(b.createdAt())) {
            return a.createdAt().compareTo(b.createdAt());
        }
        return a.digest().compareTo(b.digest());
    }

    @Override
    public String toString() {
        return spec;
    }
}
