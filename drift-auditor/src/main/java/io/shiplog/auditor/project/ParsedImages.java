package io.shiplog.auditor.project;

import io.shiplog.schemas.image.ImageReference;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workload images of the recent applies, parsed ({@link ImageReference#tryParse}; empty: not a valid reference):
 * an apply lists every workload's image again, mostly the same ones. The follower's thread parses the images of each
 * apply it reads ({@link PreparedApply}) while the writer's thread projects the one before. Not state of the store;
 * bounded (emptied when full).
 */
final class ParsedImages {

    private static final int MAX = 16_384;

    private final Map<String, Optional<ImageReference>> images = new ConcurrentHashMap<>();

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
