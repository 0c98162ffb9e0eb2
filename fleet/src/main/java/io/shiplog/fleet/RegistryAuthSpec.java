package io.shiplog.fleet;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code registries[].auth}: where a registry's credentials are fetched from instead of being configured: ECR
 * ({@code region}, {@code endpoint}), Google ({@code keyFile}, {@code endpoint} of the metadata server), ACR
 * ({@code tenant}, {@code clientId}, {@code clientSecret} or {@code federatedTokenFile}, {@code endpoint} of Entra
 * ID) or a docker credential helper ({@code helper}).
 */
public record RegistryAuthSpec(String provider, Optional<String> region, Optional<URI> endpoint,
                               Optional<Path> keyFile, Optional<String> tenant, Optional<String> clientId,
                               Optional<Secret> clientSecret, Optional<Path> federatedTokenFile,
                               Optional<String> helper) {

    /** The providers, as written in the fleet file. */
    public static final List<String> PROVIDERS = List.of("ecr", "google", "acr", "helper");
}
