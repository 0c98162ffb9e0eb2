package io.shiplog.scanner.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplog.schemas.image.ImageReference;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads registry push notifications: distribution's {@code application/vnd.docker.distribution.events.v1+json}
 * envelope (what the Debian registry and GitLab's container registry send), Docker Hub's, Harbor's
 * {@code PUSH_ARTIFACT} (default format), GitHub's {@code package} / {@code registry_package} event of a container
 * package (GHCR), Quay's repository push, and a generic {@code {"repository": "host/path", "tag": "…"}}. Only pushes
 * of manifests count; pulls, deletes, other package types and the blob pushes that precede a manifest are ignored.
 */
public final class WebhookParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookParser() {
    }

    /** The pushes in {@code body}; fails with a message saying what is wrong when it is no known form. */
    public static List<PushNotice> parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the notification is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the notification cannot be read");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the notification is not a JSON object");
        }
        if (root.has("events")) {
            return distribution(root.get("events"));
        }
        if (root.has("push_data")) {
            String name = text(root.path("repository"), "repo_name");
            require(name, "repository.repo_name");
            // an official image's repo_name has no namespace: its repository is library/<name>
            return List.of(new PushNotice("docker.io", name.contains("/") ? name : "library/" + name,
                    text(root.path("push_data"), "tag"), epoch(root.path("push_data").path("pushed_at"))));
        }
        if (root.has("event_data")) {
            return harbor(root);
        }
        if (root.path("package").isObject() || root.path("registry_package").isObject()) {
            return githubPackage(root);
        }
        if (root.has("docker_url") && root.has("updated_tags")) {
            return quay(root);
        }
        if (root.has("repository") && root.get("repository").isTextual()) {
            String repository = root.get("repository").asText();
            int slash = repository.indexOf('/');
            String first = slash < 0 ? "" : repository.substring(0, slash);
            boolean hasHost = slash > 0 && ImageReference.isRegistryHost(first);
            return List.of(new PushNotice(hasHost ? first : null, hasHost ? repository.substring(slash + 1)
                    : repository, text(root, "tag"), Instant.now()));
        }
        throw new IllegalArgumentException("the notification is none of the known forms (distribution events, "
                + "Docker Hub, Harbor, GitHub package, Quay repository push, or {\"repository\": …, \"tag\": …})");
    }

    /**
     * Whether a distribution event is about a blob (a layer or config uploaded before its manifest): a push of one
     * image sends one of these per blob, and none of them can change a tag.
     */
    private static boolean isBlob(JsonNode target) {
        String mediaType = text(target, "mediaType");
        return mediaType != null && !mediaType.contains("manifest") && !mediaType.contains("image.index")
                && text(target, "tag") == null;
    }

    private static List<PushNotice> distribution(JsonNode events) {
        if (!events.isArray()) {
            throw new IllegalArgumentException("\"events\" is not an array");
        }
        List<PushNotice> pushes = new ArrayList<>();
        for (JsonNode event : events) {
            if (!"push".equals(text(event, "action"))) {
                continue;
            }
            JsonNode target = event.path("target");
            if (isBlob(target)) {
                continue;
            }
            String repository = text(target, "repository");
            require(repository, "events[].target.repository");
            Instant at;
            try {
                at = event.hasNonNull("timestamp") ? Instant.parse(event.get("timestamp").asText()) : Instant.now();
            } catch (DateTimeParseException e) {
                at = Instant.now();
            }
            pushes.add(new PushNotice(text(event.path("request"), "host"), repository, text(target, "tag"), at));
        }
        return pushes;
    }

    private static List<PushNotice> harbor(JsonNode root) {
        String type = text(root, "type");
        if (type != null && !type.toUpperCase(java.util.Locale.ROOT).contains("PUSH")) {
            return List.of();
        }
        JsonNode data = root.path("event_data");
        String name = text(data.path("repository"), "repo_full_name");
        require(name, "event_data.repository.repo_full_name");
        Instant at = epoch(root.path("occur_at"));
        List<PushNotice> pushes = new ArrayList<>();
        for (JsonNode resource : data.path("resources")) {
            String url = text(resource, "resource_url");
            String host = url == null || !url.contains("/") ? null : url.substring(0, url.indexOf('/'));
            pushes.add(new PushNotice(host, name, text(resource, "tag"), at));
        }
        if (pushes.isEmpty()) {
            pushes.add(new PushNotice(null, name, null, at));
        }
        return pushes;
    }

    /**
     * GitHub's {@code package} (or older {@code registry_package}) webhook: a container version published to GHCR.
     * The image is the version's {@code package_url} ({@code ghcr.io/<owner>/<name>:<tag>}), else the package's
     * namespace and name in lower case on ghcr.io; the tag is the container metadata's.
     */
    private static List<PushNotice> githubPackage(JsonNode root) {
        JsonNode pkg = root.path("package").isObject() ? root.path("package") : root.path("registry_package");
        String action = text(root, "action");
        String type = text(pkg, "package_type") != null ? text(pkg, "package_type") : text(pkg, "ecosystem");
        if (!"published".equals(action) && !"updated".equals(action)
                || type == null || !List.of("container", "docker").contains(type.toLowerCase(Locale.ROOT))) {
            return List.of();
        }
        JsonNode version = pkg.path("package_version");
        String tag = text(version.path("container_metadata").path("tag"), "name");
        String url = text(version, "package_url");
        String host = "ghcr.io";
        String path = null;
        if (url != null && url.indexOf('/') > 0) {
            String withoutDigest = url.contains("@") ? url.substring(0, url.indexOf('@')) : url;
            int colon = withoutDigest.lastIndexOf(':');
            String name = colon > withoutDigest.lastIndexOf('/') ? withoutDigest.substring(0, colon) : withoutDigest;
            host = name.substring(0, name.indexOf('/'));
            path = name.substring(name.indexOf('/') + 1);
        }
        if (path == null) {
            String namespace = text(pkg, "namespace");
            String name = text(pkg, "name");
            require(namespace, "package.namespace");
            require(name, "package.name");
            path = (namespace + "/" + name).toLowerCase(Locale.ROOT);
        }
        return List.of(new PushNotice(host, path, tag, instant(text(version, "updated_at"))));
    }

    /** Quay's repository push: the image is {@code docker_url}, one notice per updated tag. */
    private static List<PushNotice> quay(JsonNode root) {
        String url = text(root, "docker_url");
        String repository = text(root, "repository");
        String host = "quay.io";
        String path = repository;
        if (url != null && url.indexOf('/') > 0 && ImageReference.isRegistryHost(url.substring(0, url.indexOf('/')))) {
            host = url.substring(0, url.indexOf('/'));
            path = url.substring(url.indexOf('/') + 1);
        }
        require(path, "repository");
        JsonNode tags = root.get("updated_tags");
        List<String> names = new ArrayList<>();
        if (tags.isArray()) {
            tags.forEach(t -> {
                if (t.isTextual() && !t.asText().isEmpty()) {
                    names.add(t.asText());
                }
            });
        } else if (tags.isObject()) {
            tags.fieldNames().forEachRemaining(names::add); // older Quay: tag → image id
        }
        Instant now = Instant.now();
        List<PushNotice> pushes = new ArrayList<>();
        for (String tag : names) {
            pushes.add(new PushNotice(host, path, tag, now));
        }
        return pushes.isEmpty() ? List.of(new PushNotice(host, path, null, now)) : pushes;
    }

    private static Instant instant(String text) {
        try {
            return text == null ? Instant.now() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }

    private static Instant epoch(JsonNode seconds) {
        return seconds.canConvertToLong() && seconds.asLong() > 0 ? Instant.ofEpochSecond(seconds.asLong())
                : Instant.now();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || !value.isTextual() || value.asText().isEmpty() ? null : value.asText();
    }

    private static void require(String value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("the notification has no " + field);
        }
    }
}
