package io.shiplog.local.oci;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * What to push as one image: its platform, its {@code created} time, the text of the one file in its one layer
 * (which makes the image, and so its digest, unique) and the manifest format.
 */
public record ImageSpec(Platform platform, Instant created, String content, ManifestFormat format) {

    public ImageSpec {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(format, "format");
        created = created.truncatedTo(ChronoUnit.SECONDS);
    }

    /** A linux/amd64 OCI image created at {@code created} whose content is new each time this is called. */
    public static ImageSpec of(Instant created) {
        return new ImageSpec(Platform.LINUX_AMD64, created, uniqueContent(), ManifestFormat.OCI);
    }

    /** Like {@link #of(Instant)}, created now. */
    public static ImageSpec now() {
        return of(Instant.now());
    }

    public ImageSpec withPlatform(Platform newPlatform) {
        return new ImageSpec(newPlatform, created, content, format);
    }

    public ImageSpec withCreated(Instant newCreated) {
        return new ImageSpec(platform, newCreated, content, format);
    }

    public ImageSpec withContent(String newContent) {
        return new ImageSpec(platform, created, newContent, format);
    }

    /** The same image with fresh content, so it gets a new digest. */
    public ImageSpec withNewContent() {
        return withContent(uniqueContent());
    }

    public ImageSpec withFormat(ManifestFormat newFormat) {
        return new ImageSpec(platform, created, content, newFormat);
    }

    static String uniqueContent() {
        return "shiplog testkit image " + UUID.randomUUID() + "\n";
    }
}
