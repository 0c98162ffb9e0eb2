package io.shiplog.schemas.image;

/**
 * A canonical image repository, the key of {@code shiplog.watchlist} and {@code shiplog.images}:
 * {@code ghcr.io/acme/app}, {@code docker.io/library/nginx}. Parse it with {@link #parse} (which is
 * {@link ImageReference}'s parser) rather than building it from parts, so it is always canonical.
 *
 * @param registry canonical registry host ({@code docker.io}, {@code 127.0.0.1:5000})
 * @param path     repository path in that registry ({@code library/nginx})
 */
public record ImageRepository(String registry, String path) {

    /** The repository of any spelling of a reference; a tag or digest is checked and dropped. */
    public static ImageRepository parse(String reference) {
        return ImageReference.parse(reference).toRepository();
    }

    /** The host the registry API is served at ({@code registry-1.docker.io} for Docker Hub). */
    public String apiHost() {
        return registry.equals(ImageReference.DOCKER_HUB) ? ImageReference.DOCKER_HUB_API : registry;
    }

    /** {@code registry/path}, the canonical text. */
    @Override
    public String toString() {
        return registry + "/" + path;
    }
}
