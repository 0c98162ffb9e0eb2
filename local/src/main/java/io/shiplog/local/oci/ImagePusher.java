package io.shiplog.local.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes real images to a registry over its v2 HTTP API, as a container build would: the layer and config
 * blobs (POST an upload, PUT its Location with the digest), then the manifest under a tag; a multi-platform
 * index from per-platform images pushed by digest; re-pushes and deletions. Every digest the registry returns is
 * checked against the SHA-256 of the bytes sent.
 */
public final class ImagePusher {

    private static final Logger LOG = LoggerFactory.getLogger(ImagePusher.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REPOSITORY = Pattern.compile(
            "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("\\w[\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private final RegistryClient client;

    ImagePusher(RegistryClient client) {
        this.client = client;
    }

    /** A pusher to the registry at {@code url} (a running one this process did not start), anonymous. */
    public static ImagePusher forRegistry(URI url) {
        return new ImagePusher(new RegistryClient(url, null, null, java.time.Duration.ofSeconds(30)));
    }

    /** Pushes a new linux/amd64 OCI image, created now, under {@code repository:tag}. */
    public PushedImage push(String repository, String tag) {
        return push(repository, tag, ImageSpec.now());
    }

    /** Pushes the image {@code spec} describes under {@code repository:tag}. */
    public PushedImage push(String repository, String tag, ImageSpec spec) {
        checkRepository(repository);
        checkTag(tag);
        return pushImage(repository, tag, spec);
    }

    /** Pushes new content under the tag of {@code previous}, created now, so the tag moves to a new digest. */
    public PushedImage repush(PushedImage previous) {
        return repush(previous, Instant.now());
    }

    /** Like {@link #repush(PushedImage)} with the given {@code created} time. */
    public PushedImage repush(PushedImage previous, Instant created) {
        if (previous.tag() == null) {
            throw new IllegalArgumentException("image " + previous.reference() + " has no tag to re-push");
        }
        return push(previous.repository(), previous.tag(), previous.spec().withNewContent().withCreated(created));
    }

    /** Pushes one OCI image per platform by digest, then an OCI image index of them under the tag. */
    public PushedIndex pushIndex(String repository, String tag, Instant created, List<Platform> platforms) {
        return pushIndex(repository, tag, created, ManifestFormat.OCI, platforms);
    }

    /** Like {@link #pushIndex(String, String, Instant, List)}, as an OCI index or a Docker manifest list. */
    public PushedIndex pushIndex(String repository, String tag, Instant created, ManifestFormat format,
                                 List<Platform> platforms) {
        checkRepository(repository);
        checkTag(tag);
        if (platforms.isEmpty() || new HashSet<>(platforms).size() != platforms.size()) {
            throw new IllegalArgumentException("an index for " + repository + ":" + tag
                    + " needs distinct platforms, got " + platforms);
        }
        Instant createdAt = created.truncatedTo(ChronoUnit.SECONDS);
        List<PushedImage> images = new ArrayList<>();
        for (Platform platform : platforms) {
            ImageSpec spec = ImageSpec.of(createdAt).withPlatform(platform).withFormat(format);
            images.add(pushImage(repository, null, spec));
        }
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", format.indexMediaType());
        for (PushedImage image : images) {
            ObjectNode entry = index.withArray("manifests").addObject()
                    .put("mediaType", image.mediaType()).put("digest", image.digest()).put("size", image.size());
            entry.set("platform", platformJson(image.platform()));
        }
        if (format == ManifestFormat.OCI) {
            index.putObject("annotations").put("org.opencontainers.image.created", createdAt.toString());
        }
        byte[] bytes = bytes(index);
        String digest = putManifest(repository, tag, format.indexMediaType(), bytes);
        LOG.debug("Pushed index {}:{} @{} for {}", repository, tag, digest, platforms);
        return new PushedIndex(repository, tag, digest, format.indexMediaType(), bytes.length, createdAt, images);
    }

    /** The digest {@code repository:reference} points to now (HEAD of the manifest), empty when unknown. */
    public Optional<String> digestOf(String repository, String reference) {
        checkRepository(repository);
        if (!TAG.matcher(reference).matches() && !DIGEST.matcher(reference).matches()) {
            throw new IllegalArgumentException("reference '" + reference + "' is neither a tag nor a sha256 digest");
        }
        HttpResponse<byte[]> response = client.send(client.request("/v2/" + repository + "/manifests/" + reference)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept", ManifestFormat.acceptAll()));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expect(response, 200, "HEAD manifest " + repository + ":" + reference);
        return response.headers().firstValue("Docker-Content-Digest");
    }

    /** The tags of {@code repository} (one unpaginated {@code tags/list}), empty when it does not exist. */
    public List<String> tags(String repository) {
        checkRepository(repository);
        HttpResponse<byte[]> response = client.send(client.request("/v2/" + repository + "/tags/list").GET());
        if (response.statusCode() == 404) {
            return List.of();
        }
        expect(response, 200, "list tags of " + repository);
        List<String> tags = new ArrayList<>();
        read(response, "tags list of " + repository).path("tags").forEach(tag -> tags.add(tag.asText()));
        return tags;
    }

    /**
     * Deletes the manifest {@code digest}. The registry (distribution 2.8) then drops every tag that pointed to
     * it and sends a {@code delete} notification per tag.
     */
    public void deleteManifest(String repository, String digest) {
        checkRepository(repository);
        if (!DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("digest '" + digest + "' is not sha256:<64 hex digits>");
        }
        HttpResponse<byte[]> response = client.send(client.request("/v2/" + repository + "/manifests/" + digest)
                .DELETE());
        expect(response, 202, "delete manifest " + repository + "@" + digest);
        LOG.debug("Deleted manifest {}@{}", repository, digest);
    }

    /**
     * Deletes {@code repository:tag} by deleting the manifest it points to (distribution 2.8 cannot delete a tag
     * alone: any other tag on the same digest goes too). Returns the deleted digest.
     */
    public String deleteTag(String repository, String tag) {
        checkTag(tag);
        String digest = digestOf(repository, tag).orElseThrow(() -> new IllegalArgumentException(
                "cannot delete " + repository + ":" + tag + ": no such tag in " + client.base()));
        deleteManifest(repository, digest);
        return digest;
    }

    private PushedImage pushImage(String repository, String tag, ImageSpec spec) {
        ManifestFormat format = spec.format();
        Blobs.Layer layer = Blobs.layer("shiplog", "image-content.txt",
                spec.content().getBytes(StandardCharsets.UTF_8), spec.created());
        byte[] config = bytes(imageConfig(spec, layer.diffId()));
        String layerDigest = uploadBlob(repository, layer.compressed());
        String configDigest = uploadBlob(repository, config);

        ObjectNode manifest = imageManifest(format, configDigest, config.length, layerDigest,
                layer.compressed().length);
        if (format == ManifestFormat.OCI) {
            manifest.putObject("annotations").put("org.opencontainers.image.created", spec.created().toString());
        }
        byte[] bytes = bytes(manifest);
        String digest = putManifest(repository, tag, format.manifestMediaType(), bytes);
        LOG.debug("Pushed image {}{} @{} ({}, created {})", repository, tag == null ? "" : ":" + tag, digest,
                spec.platform(), spec.created());
        return new PushedImage(repository, tag, digest, format.manifestMediaType(), bytes.length, spec.created(),
                spec.platform(), configDigest, layerDigest, spec);
    }

    /** A one-layer image manifest in {@code format}. */
    static ObjectNode imageManifest(ManifestFormat format, String configDigest, int configSize, String layerDigest,
                                    int layerSize) {
        ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2)
                .put("mediaType", format.manifestMediaType());
        manifest.putObject("config").put("mediaType", format.configMediaType()).put("digest", configDigest)
                .put("size", configSize);
        manifest.putArray("layers").addObject().put("mediaType", format.layerMediaType()).put("digest", layerDigest)
                .put("size", layerSize);
        return manifest;
    }

    static ObjectNode imageConfig(ImageSpec spec, String diffId) {
        String created = spec.created().toString();
        ObjectNode config = JSON.createObjectNode().put("created", created).put("author", "shiplog testkit");
        config.setAll(platformJson(spec.platform()));
        ObjectNode runtime = config.putObject("config");
        runtime.putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        runtime.putObject("Labels").put("org.opencontainers.image.created", created);
        ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
        rootfs.putArray("diff_ids").add(diffId);
        config.putArray("history").addObject().put("created", created)
                .put("created_by", "shiplog testkit ImagePusher");
        return config;
    }

    private static ObjectNode platformJson(Platform platform) {
        ObjectNode node = JSON.createObjectNode().put("architecture", platform.architecture()).put("os", platform.os());
        if (platform.variant() != null) {
            node.put("variant", platform.variant());
        }
        return node;
    }

    private String uploadBlob(String repository, byte[] blob) {
        String digest = Blobs.sha256(blob);
        HttpResponse<byte[]> started = client.send(client.request("/v2/" + repository + "/blobs/uploads/")
                .POST(HttpRequest.BodyPublishers.noBody()));
        expect(started, 202, "start blob upload to " + repository);
        String location = started.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(
                "registry " + client.base() + " started an upload to " + repository + " without a Location"));
        String target = location + (location.contains("?") ? "&" : "?") + "digest=" + RegistryClient.encode(digest);
        HttpResponse<byte[]> finished = client.send(client.request(target)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)));
        expect(finished, 201, "upload blob " + digest + " to " + repository);
        checkDigest(finished, digest, "blob in " + repository);
        return digest;
    }

    private String putManifest(String repository, String tag, String mediaType, byte[] bytes) {
        String digest = Blobs.sha256(bytes);
        String reference = tag == null ? digest : tag;
        HttpResponse<byte[]> response = client.send(client.request("/v2/" + repository + "/manifests/" + reference)
                .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        expect(response, 201, "put manifest " + repository + ":" + reference);
        checkDigest(response, digest, "manifest " + repository + ":" + reference);
        return digest;
    }

    private void checkDigest(HttpResponse<byte[]> response, String expected, String what) {
        String returned = response.headers().firstValue("Docker-Content-Digest").orElse(null);
        if (!expected.equals(returned)) {
            throw new IllegalStateException("registry " + client.base() + " stored " + what + " as " + returned
                    + " but its bytes hash to " + expected);
        }
    }

    private void expect(HttpResponse<byte[]> response, int status, String what) {
        if (response.statusCode() != status) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            throw new IllegalStateException("registry " + client.base() + " refused to " + what + ": HTTP "
                    + response.statusCode() + (body.isBlank() ? "" : " " + body.strip()));
        }
    }

    private static JsonNode read(HttpResponse<byte[]> response, String what) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("the " + what + " is not JSON: " + e.getMessage(), e);
        }
    }

    static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON " + node, e);
        }
    }

    private static void checkRepository(String repository) {
        if (repository == null || repository.length() > 255 || !REPOSITORY.matcher(repository).matches()) {
            throw new IllegalArgumentException("repository name '" + repository
                    + "' is not a valid OCI repository name (lower-case path components)");
        }
    }

    private static void checkTag(String tag) {
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("tag '" + tag + "' is not a valid OCI tag ([A-Za-z0-9_][A-Za-z0-9_.-]"
                    + "{0,127})");
        }
    }
}
