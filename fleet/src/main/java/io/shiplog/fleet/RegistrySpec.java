package io.shiplog.fleet;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code registries[]}: how to reach one container registry, named by its {@code host} as it appears in image names
 * ({@code ghcr.io}, {@code registry.local:5000}). Credentials are a username with a password, or a Docker
 * {@code config.json}, or credentials fetched from a cloud provider or a credential helper ({@code auth}), or none.
 */
public record RegistrySpec(String host, URI url, Optional<String> username, Optional<Secret> password, int pageSize,
                           int concurrency, Optional<Path> dockerConfig, Optional<RegistryAuthSpec> auth) {

    public static final int DEFAULT_PAGE_SIZE = 1000;
    public static final int DEFAULT_CONCURRENCY = 8;
}
