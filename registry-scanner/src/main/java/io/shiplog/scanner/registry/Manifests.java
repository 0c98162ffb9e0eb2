package io.shiplog.scanner.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Media types of the manifests the scanner understands, and reading the parts of them it needs. */
public final class Manifests {

    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    /** The Accept header of every manifest request: indexes first, so a multi-arch tag answers with its index. */
    public static final String ACCEPT = String.join(", ", OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST);

    private static final ObjectMapper JSON = new ObjectMapper();

    private Manifests() {
    }

    public static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType);
    }

    /** A parsed manifest: its media type, its config blob (images) or per-platform entries (indexes). */
    public record Parsed(String mediaType, String configDigest, List<Entry> entries) {
    }

    /** One entry of an index. */
    public record Entry(String digest, String mediaType, ManifestInfo.Platform platform) {
    }

    /** Parses manifest bytes; {@code headerType} is the Content-Type, used when the body names no mediaType. */
    public static Parsed parse(byte[] body, String headerType) throws IOException {
        JsonNode root = JSON.readTree(body);
        if (root == null || !root.isObject()) {
            throw new IOException("the manifest is not a JSON object");
        }
        String mediaType = root.path("mediaType").asText(null);
        if (mediaType == null || mediaType.isEmpty()) {
            mediaType = headerType == null ? "" : headerType.split(";")[0].strip();
        }
        if (root.has("manifests") || isIndex(mediaType)) {
            List<Entry> entries = new ArrayList<>();
            for (JsonNode m : root.path("manifests")) {
                JsonNode p = m.path("platform");
                ManifestInfo.Platform platform = p.isObject() ? new ManifestInfo.Platform(p.path("os").asText(""),
                        p.path("architecture").asText(""), p.hasNonNull("variant") ? p.get("variant").asText() : null)
                        : null;
                entries.add(new Entry(m.path("digest").asText(""), m.path("mediaType").asText(""), platform));
            }
            return new Parsed(mediaType.isEmpty() ? OCI_INDEX : mediaType, null, entries);
        }
        String config = root.path("config").path("digest").asText(null);
        return new Parsed(mediaType, config, List.of());
    }

    /** The {@code created} time and the platform of an image config blob. */
    public record Config(Optional<Instant> created, ManifestInfo.Platform platform) {
    }

    public static Config parseConfig(byte[] body) throws IOException {
        JsonNode root = JSON.readTree(body);
        Optional<Instant> created = Optional.empty();
        if (root != null && root.hasNonNull("created")) {
            try {
                created = Optional.of(Instant.parse(root.get("created").asText()));
            } catch (DateTimeParseException e) {
                created = Optional.empty();
            }
        }
        ManifestInfo.Platform platform = root == null || !root.has("architecture") ? null
                : new ManifestInfo.Platform(root.path("os").asText(""), root.path("architecture").asText(""),
                root.hasNonNull("variant") ? root.get("variant").asText() : null);
        return new Config(created, platform);
    }
}
