package io.shiplog.gitwriter.release;

import io.shiplog.policy.TagCandidate;
import io.shiplog.schemas.image.ImageReference;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every tag the scanner reported, per canonical image repository, rebuilt from {@code shiplog.images} at start-up.
 * Written by the inbound consumer, read by the commit loops.
 */
public final class TagStore {

    private final Map<String, Map<String, TagCandidate>> tags = new ConcurrentHashMap<>();

    /** Records {@code tag} at {@code candidate}'s digest (a later event for the same tag replaces it). */
    public void put(String repository, TagCandidate candidate) {
        tags.computeIfAbsent(ImageReference.canonicalRepository(repository), k -> new ConcurrentHashMap<>())
                .put(candidate.tag(), candidate);
    }

    public void remove(String repository, String tag) {
        Map<String, TagCandidate> known = tags.get(ImageReference.canonicalRepository(repository));
        if (known != null) {
            known.remove(tag);
        }
    }

    /** The known tags of a repository (any spelling). */
    public List<TagCandidate> of(String repository) {
        Map<String, TagCandidate> known = tags.get(ImageReference.canonicalRepository(repository));
        return known == null ? List.of() : List.copyOf(known.values());
    }

    public int repositories() {
        return tags.size();
    }
}
