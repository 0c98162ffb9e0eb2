package io.shiplog.gitwriter.image;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A container image reference {@code [registry/]path[:tag][@digest]}, parsed and normalised in one place.
 *
 * <p>{@link #name()} keeps the repository exactly as written (so a rewritten value keeps its spelling, e.g.
 * {@code nginx:1.25} becomes {@code nginx:1.26}); {@link #repository()} is the canonical form used as the Kafka key
 * and for matching: the registry host is lower-case, {@code index.docker.io}/{@code registry-1.docker.io} and a
 * missing registry become {@code docker.io}, and a single-component Docker Hub path gets {@code library/}.
 */
public record ImageRef(String name, String registry, String path, String tag, String digest) {

    /** Docker Hub, the registry of a reference without a host. */
    public static final String DOCKER_HUB = "docker.io";

    private static final Pattern PATH = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]+)?|\\[[0-9a-fA-F:]+](?::[0-9]+)?");

    public ImageRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(path, "path");
    }

    /**
     * Parses a reference; throws {@link IllegalArgumentException} naming the input when it is not one.
     */
    public static ImageRef parse(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("empty image reference");
        }
        String rest = reference.strip();
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw new IllegalArgumentException("invalid digest '" + digest + "' in image reference '" + reference + "'");
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("invalid tag '" + tag + "' in image reference '" + reference + "'");
            }
        }
        String name = rest;
        String registry;
        String path;
        int slash = rest.indexOf('/');
        String first = slash < 0 ? "" : rest.substring(0, slash);
        if (slash > 0 && (first.contains(".") || first.contains(":") || first.equals("localhost")
                || !first.equals(first.toLowerCase(java.util.Locale.ROOT)))) {
            if (!HOST.matcher(first).matches()) {
                throw new IllegalArgumentException("invalid registry host '" + first + "' in image reference '" + reference + "'");
            }
            registry = normaliseHost(first);
            path = rest.substring(slash + 1);
        } else {
            registry = DOCKER_HUB;
            path = rest;
        }
        if (!PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("invalid repository path '" + path + "' in image reference '" + reference + "'");
        }
        if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
            path = "library/" + path;
        }
        return new ImageRef(name, registry, path, tag, digest);
    }

    /** Whether {@code reference} parses as an image reference. */
    public static boolean isValid(String reference) {
        try {
            parse(reference);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Canonical repository, a registry host and path: {@code ghcr.io/acme/app}, {@code docker.io/library/nginx}. */
    public String repository() {
        return registry + "/" + path;
    }

    /** Canonical form of any repository spelling ({@code nginx} → {@code docker.io/library/nginx}). */
    public static String canonicalRepository(String repository) {
        return parse(repository).repository();
    }

    public ImageRef withTag(String newTag) {
        return new ImageRef(name, registry, path, newTag, digest);
    }

    public ImageRef withDigest(String newDigest) {
        return new ImageRef(name, registry, path, tag, newDigest);
    }

    /** Same repository as {@code other}, compared canonically. */
    public boolean sameRepository(ImageRef other) {
        return repository().equals(other.repository());
    }

    /** The reference as written: name, then {@code :tag} and {@code @digest} when present. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(name);
        if (tag != null) {
            out.append(':').append(tag);
        }
        if (digest != null) {
            out.append('@').append(digest);
        }
        return out.toString();
    }

    private static String normaliseHost(String host) {
        String lower = host.toLowerCase(java.util.Locale.ROOT);
        return switch (lower) {
            case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> DOCKER_HUB;
            default -> lower;
        };
    }
}
