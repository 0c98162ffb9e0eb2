package io.shiplog.scanner.scan;

import io.shiplog.scanner.registry.ImageName;
import io.shiplog.scanner.registry.ManifestInfo;
import java.time.Instant;

/** A change in a registry the log does not know yet; each becomes one event on {@code shiplog.images}. */
public sealed interface TagChange {

    ImageName image();

    String tag();

    /** A tag new to Shiplog. */
    record Discovered(ImageName image, String tag, ManifestInfo manifest, Instant pushedAt, Source source)
            implements TagChange {
    }

    /** A known tag that now points at another digest. */
    record Moved(ImageName image, String tag, String previousDigest, ManifestInfo manifest, Instant pushedAt,
                 Source source) implements TagChange {
    }

    /** A tag that is gone from the registry. */
    record Removed(ImageName image, String tag, String lastDigest, Source source) implements TagChange {
    }
}
