package io.shiplog.scanner.scan;

import io.shiplog.scanner.registry.ManifestInfo;
import io.shiplog.schemas.image.ImageRepository;
import java.time.Instant;

/** A change in a registry the log does not know yet; each becomes one event on {@code shiplog.images}. */
public sealed interface TagChange {

    ImageRepository image();

    String tag();

    /** A tag new to Shiplog; {@code manifest} is null when the tag was listed without resolving its digest. */
    record Discovered(ImageRepository image, String tag, ManifestInfo manifest, Instant pushedAt, Source source)
            implements TagChange {
    }

    /**
     * A known tag that now points at another digest; {@code previousDigest} is null when the tag was known without
     * its digest.
     */
    record Moved(ImageRepository image, String tag, String previousDigest, ManifestInfo manifest, Instant pushedAt,
                 Source source) implements TagChange {
    }

    /** A tag that is gone from the registry ({@code lastDigest} null when it was known without its digest). */
    record Removed(ImageRepository image, String tag, String lastDigest, Source source) implements TagChange {
    }
}
