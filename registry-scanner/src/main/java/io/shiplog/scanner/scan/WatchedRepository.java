package io.shiplog.scanner.scan;

import io.shiplog.schemas.image.ImageRepository;
import java.time.Duration;
import java.util.Set;

/**
 * A repository to scan: from the watch list or configured by hand.
 *
 * @param trackedTags mutable tags whose digest is checked on every scan (e.g. {@code latest})
 * @param interval    time between scans
 */
public record WatchedRepository(ImageRepository name, Set<String> trackedTags, Duration interval) {

    public WatchedRepository {
        trackedTags = Set.copyOf(trackedTags);
    }
}
