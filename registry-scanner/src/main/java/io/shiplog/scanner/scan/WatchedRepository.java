package io.shiplog.scanner.scan;

import io.shiplog.scanner.registry.ImageName;
import java.time.Duration;
import java.util.Set;

/**
 * A repository to scan: from the watch list or configured by hand.
 *
 * @param trackedTags mutable tags whose digest is checked on every scan (e.g. {@code latest})
 * @param interval    time between scans
 */
public record WatchedRepository(ImageName name, Set<String> trackedTags, Duration interval) {

    public WatchedRepository {
        trackedTags = Set.copyOf(trackedTags);
    }
}
