package io.shiplog.auditor.project;

import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ObjectResult;
import io.shiplog.schemas.image.ImageReference;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workload images of the recent applies, parsed ({@link ImageReference#tryParse}; empty: not a valid reference):
 * an apply lists every workload's image again, mostly the same ones. The follower's thread parses the images of each
 * apply it reads ({@link #parse(Object)}) while the writer's thread projects the one before, which then only looks
 * them up. Not state of the store; bounded (emptied when full).
 */
final class ParsedImages {

    private static final int MAX = 16_384;

    private final Map<String, Optional<ImageReference>> images = new ConcurrentHashMap<>();

    /** Parses the workload images of {@code envelope} when it is a completed apply. */
    void parse(Object envelope) {
        if (envelope instanceof ApplyEvent e && e.getPayload() instanceof ApplyCompleted c) {
            for (ObjectResult result : c.getResults()) {
                for (String image : result.getImages()) {
                    image(image);
                }
            }
        }
    }

    /** {@code image} parsed, from the recent ones when it is one of them. */
    Optional<ImageReference> image(String image) {
        Optional<ImageReference> parsed = images.get(image);
        if (parsed == null) {
            parsed = ImageReference.tryParse(image);
            if (images.size() >= MAX) {
                images.clear();
            }
            images.put(image, parsed);
        }
        return parsed;
    }
}
