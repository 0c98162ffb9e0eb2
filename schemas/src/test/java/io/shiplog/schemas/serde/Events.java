package io.shiplog.schemas.serde;

import io.shiplog.events.DiscoverySource;
import io.shiplog.events.ImageEvent;
import io.shiplog.events.Meta;
import io.shiplog.events.Platform;
import io.shiplog.events.TagDiscovered;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Sample events and configuration maps for the serde tests. */
final class Events {

    static final String TOPIC = "shiplog.images";

    private Events() {
    }

    static ImageEvent tagDiscovered(String tag) {
        return ImageEvent.newBuilder()
                .setMeta(Meta.newBuilder()
                        .setEventId("6f1c2a9e-0000-4000-8000-000000000001")
                        .setOccurredAt(Instant.parse("2026-11-28T10:15:30.123Z"))
                        .setProducer("registry-scanner/test")
                        .setCorrelationId("release-1")
                        .build())
                .setPayload(TagDiscovered.newBuilder()
                        .setRepository("ghcr.io/acme/api")
                        .setRegistry("ghcr.io")
                        .setTag(tag)
                        .setDigest("sha256:" + "ab".repeat(32))
                        .setMediaType("application/vnd.oci.image.index.v1+json")
                        .setPlatforms(List.of(new Platform("linux", "arm64", "v8"), new Platform("linux", "amd64", null)))
                        .setCreatedAt(Instant.parse("2026-11-28T10:00:00Z"))
                        .setSource(DiscoverySource.WEBHOOK)
                        .build())
                .build();
    }

    /** {@code schema.registry.url} plus the given keys and values. */
    static Map<String, Object> configs(String url, Object... keyValues) {
        Map<String, Object> configs = new HashMap<>();
        configs.put("schema.registry.url", url);
        configs.put("retries.wait.ms", 10);
        for (int i = 0; i < keyValues.length; i += 2) {
            configs.put((String) keyValues[i], keyValues[i + 1]);
        }
        return configs;
    }

    static ShiplogAvroSerializer serializer(Map<String, Object> configs) {
        ShiplogAvroSerializer serializer = new ShiplogAvroSerializer();
        serializer.configure(configs, false);
        return serializer;
    }

    static ShiplogAvroDeserializer deserializer(Map<String, Object> configs) {
        ShiplogAvroDeserializer deserializer = new ShiplogAvroDeserializer();
        deserializer.configure(configs, false);
        return deserializer;
    }
}
