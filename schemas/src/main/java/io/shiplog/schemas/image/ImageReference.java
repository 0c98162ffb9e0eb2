package io.shiplog.schemas.image;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A container image reference {@code [registry/]path[:tag][@digest]}: the one parser every service uses, so the
 * watch list, the commits and the audit all join on the same {@link #repository() canonical repository}.
 *
 * <p>The grammar is Docker's reference grammar: the first path component is a registry host when it holds a
 * {@code .} or a {@code :}, is {@code localhost}, or has upper-case letters; otherwise the registry is Docker Hub.
 * Canonical form: the host lower-case; {@code index.docker.io}, {@code registry-1.docker.io},
 * {@code registry.hub.docker.com} and no host at all become {@code docker.io}; a one-component Docker Hub path gets
 * {@code library/}. Paths are lower-case components (at most 255 characters, the registry's own limit), tags
 * {@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}}, digests {@code algorithm:hex} with at least 32 hex digits.
 *
 * @param name     the repository exactly as written, without tag and digest ({@code nginx}, {@code GHCR.io/a/b}),
 *                 so a rewritten reference keeps its spelling
 * @param registry canonical registry host, with its port ({@code docker.io}, {@code 127.0.0.1:5000})
 * @param path     canonical repository path in that registry ({@code library/nginx})
 * @param tag      the tag, or null
 * @param digest   the digest ({@code sha256:…}), or null
 */
public record ImageReference(String name, String registry, String path, String tag, String digest) {

    /** Docker Hub, the registry of a reference without a host. */
    public static final String DOCKER_HUB = "docker.io";
    /** The host Docker Hub's registry API is served at. */
    public static final String DOCKER_HUB_API = "registry-1.docker.io";
    /** The longest repository path a registry accepts. */
    public static final int MAX_PATH_LENGTH = 255;


    public ImageReference {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(path, "path");
    }

    /** Parses {@code reference}; throws {@link IllegalArgumentException} naming it when it is not an image. */
    public static ImageReference parse(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("image reference is empty");
        }
        String rest = reference.strip();
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!ReferenceGrammar.isDigest(digest)) {
                throw invalid("digest '" + digest + "'", reference);
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!ReferenceGrammar.isTag(tag)) {
                throw invalid("tag '" + tag + "'", reference);
            }
        }
        String registry = DOCKER_HUB;
        String path = rest;
        int slash = rest.indexOf('/');
        if (slash > 0 && isRegistryHost(rest.substring(0, slash))) {
            String host = rest.substring(0, slash);
            if (!ReferenceGrammar.isHost(host)) {
                throw invalid("registry host '" + host + "'", reference);
            }
            registry = canonicalRegistry(host);
            path = rest.substring(slash + 1);
        }
        if (!ReferenceGrammar.isPath(path)) {
            throw invalid("repository path '" + path + "'", reference);
        }
        if (registry.equals(DOCKER_HUB) && path.indexOf('/') < 0) {
            path = "library/" + path;
        }
        if (path.length() > MAX_PATH_LENGTH) {
            throw invalid("repository path (longer than " + MAX_PATH_LENGTH + " characters)", reference);
        }
        return new ImageReference(rest, registry, path, tag, digest);
    }

    /** {@link #parse} for text that may not be an image (what a cluster runs); empty when it is none. */
    public static Optional<ImageReference> tryParse(String reference) {
        try {
            return Optional.of(parse(reference));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code reference} parses as an image reference. */
    public static boolean isValid(String reference) {
        return tryParse(reference).isPresent();
    }

    /**
     * The canonical repository of any spelling, tag and digest dropped
     * ({@code nginx:1} → {@code docker.io/library/nginx}).
     */
    public static String canonicalRepository(String reference) {
        return parse(reference).repository();
    }

    /**
     * Whether the first component of a name is a registry host rather than part of a Docker Hub path: it holds a
     * {@code .} or {@code :}, is {@code localhost}, or has upper-case letters.
     */
    public static boolean isRegistryHost(String component) {
        return component.indexOf('.') >= 0 || component.indexOf(':') >= 0 || component.equals("localhost")
                || !component.equals(component.toLowerCase(Locale.ROOT));
    }

    /** The canonical spelling of a registry host: lower-case, Docker Hub's aliases as {@code docker.io}. */
    public static String canonicalRegistry(String host) {
        String lower = host.strip().toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "index.docker.io", DOCKER_HUB_API, "registry.hub.docker.com" -> DOCKER_HUB;
            default -> lower;
        };
    }

    /** Canonical repository, registry host and path: {@code ghcr.io/acme/app}, {@code docker.io/library/nginx}. */
    public String repository() {
        return registry + "/" + path;
    }

    /** The canonical repository as a value. */
    public ImageRepository toRepository() {
        return new ImageRepository(registry, path);
    }

    /** Same spelling and digest, another tag (null: none). */
    public ImageReference withTag(String newTag) {
        return new ImageReference(name, registry, path, newTag, digest);
    }

    /** Same spelling and tag, another digest (null: none). */
    public ImageReference withDigest(String newDigest) {
        return new ImageReference(name, registry, path, tag, newDigest);
    }

    /** Whether {@code other} names the same repository, compared canonically. */
    public boolean sameRepository(ImageReference other) {
        return registry.equals(other.registry) && path.equals(other.path);
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

    private static IllegalArgumentException invalid(String what, String reference) {
        return new IllegalArgumentException("invalid " + what + " in image reference '" + reference.strip() + "'");
    }
}
