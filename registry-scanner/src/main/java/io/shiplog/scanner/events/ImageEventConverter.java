package io.shiplog.scanner.events;

import io.shiplog.events.DiscoverySource;
import io.shiplog.events.ImageEvent;
import io.shiplog.events.Meta;
import io.shiplog.events.Platform;
import io.shiplog.events.TagDiscovered;
import io.shiplog.events.TagMoved;
import io.shiplog.events.TagRemoved;
import io.shiplog.scanner.registry.ManifestInfo;
import io.shiplog.scanner.scan.Source;
import io.shiplog.scanner.scan.TagChange;
import io.shiplog.schemas.image.ImageRepository;
import java.util.List;
import java.util.Optional;

/** The Kafka edge of the scanner: tag changes to {@code shiplog.images} envelopes and back. */
public final class ImageEventConverter {

    private ImageEventConverter() {
    }

    public static ImageEvent toAvro(TagChange change, Meta meta) {
        Object payload;
        if (change instanceof TagChange.Discovered d) {
            TagDiscovered.Builder discovered = TagDiscovered.newBuilder().setRepository(d.image().toString())
                    .setRegistry(d.image().registry()).setTag(d.tag()).setPushedAt(d.pushedAt())
                    .setSource(source(d.source()));
            if (d.manifest() != null) {
                discovered.setDigest(d.manifest().digest()).setMediaType(d.manifest().mediaType())
                        .setPlatforms(platforms(d.manifest())).setCreatedAt(d.manifest().createdAt());
            }
            payload = discovered.build();
        } else if (change instanceof TagChange.Moved m) {
            payload = TagMoved.newBuilder().setRepository(m.image().toString()).setRegistry(m.image().registry())
                    .setTag(m.tag()).setPreviousDigest(m.previousDigest()).setDigest(m.manifest().digest())
                    .setMediaType(m.manifest().mediaType()).setPlatforms(platforms(m.manifest()))
                    .setCreatedAt(m.manifest().createdAt()).setPushedAt(m.pushedAt()).setSource(source(m.source()))
                    .build();
        } else {
            TagChange.Removed r = (TagChange.Removed) change;
            payload = TagRemoved.newBuilder().setRepository(r.image().toString()).setRegistry(r.image().registry())
                    .setTag(r.tag()).setLastDigest(r.lastDigest()).setSource(source(r.source())).build();
        }
        return ImageEvent.newBuilder().setMeta(meta).setPayload(payload).build();
    }

    /** The change an event records; empty for payloads this version does not know. */
    public static Optional<TagChange> fromAvro(ImageEvent event) {
        Object payload = event.getPayload();
        if (payload instanceof TagDiscovered d) {
            ManifestInfo manifest = d.getDigest() == null ? null : new ManifestInfo(d.getDigest(),
                    d.getMediaType() == null ? "" : d.getMediaType(), platforms(d.getPlatforms()), d.getCreatedAt());
            return Optional.of(new TagChange.Discovered(ImageRepository.parse(d.getRepository()), d.getTag(),
                    manifest, d.getPushedAt(), Source.valueOf(d.getSource().name())));
        }
        if (payload instanceof TagMoved m) {
            return Optional.of(new TagChange.Moved(ImageRepository.parse(m.getRepository()), m.getTag(),
                    m.getPreviousDigest(), new ManifestInfo(m.getDigest(),
                    m.getMediaType() == null ? "" : m.getMediaType(),
                    platforms(m.getPlatforms()), m.getCreatedAt()), m.getPushedAt(),
                    Source.valueOf(m.getSource().name())));
        }
        if (payload instanceof TagRemoved r) {
            return Optional.of(new TagChange.Removed(ImageRepository.parse(r.getRepository()), r.getTag(),
                    r.getLastDigest(), Source.valueOf(r.getSource().name())));
        }
        return Optional.empty();
    }

    private static List<Platform> platforms(ManifestInfo info) {
        return info.platforms().stream().map(p -> new Platform(p.os(), p.architecture(), p.variant())).toList();
    }

    private static List<ManifestInfo.Platform> platforms(List<Platform> platforms) {
        return platforms.stream().map(p -> new ManifestInfo.Platform(p.getOs(), p.getArchitecture(),
                p.getVariant())).toList();
    }

    private static DiscoverySource source(Source source) {
        return DiscoverySource.valueOf(source.name());
    }
}
