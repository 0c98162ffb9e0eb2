package io.shiplog.schemas.registry;

import java.net.URI;

/**
 * One registry base URL (without user info) and the authentication used towards it.
 * Its toString() is safe to print.
 */
public record RegistryEndpoint(URI baseUri, RegistryAuth auth) {

    /** The URL of {@code path} (which starts with {@code /}) under this endpoint. */
    public URI resolve(String path) {
        String base = baseUri.toString();
        return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path);
    }

    @Override
    public String toString() {
        return baseUri.toString();
    }
}
