package io.shiplog.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code images[]}: an image repository scanned besides the watch list, with tags tracked for re-pushes. */
public record ImageSpec(String name, List<String> trackedTags, Optional<Duration> interval) {

    public ImageSpec {
        trackedTags = List.copyOf(trackedTags);
    }
}
