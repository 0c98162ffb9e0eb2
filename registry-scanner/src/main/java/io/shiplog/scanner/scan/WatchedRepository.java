package io.shiplog.scanner.scan;

import io.shiplog.schemas.image.ImageRepository;
import java.time.Duration;
import java.util.Set;

/**
 * A repository to scan: from the watch list or configured by hand.
 *
 * @param trackedTags mutable tags whose digest is checked on every scan (e.g. {@code latest})
 * @param interval    time between scans
 * @param needs       what its policies need read beyond the tag list
 */
public record WatchedRepository(ImageRepository name, Set<String> trackedTags, Duration interval, ScanNeeds needs) {

    public WatchedRepository {
        trackedTags = Set.copyOf(trackedTags);
        needs = needs == null ? ScanNeeds.everything() : needs;
    }

    /** A repository no policy describes (configured by hand): every new tag is resolved and inspected. */
    public WatchedRepository(ImageRepository name, Set<String> trackedTags, Duration interval) {
        this(name, trackedTags, interval, ScanNeeds.everything());
    }
}
