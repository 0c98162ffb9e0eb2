package io.shiplog.scanner.registry.auth;

import io.shiplog.scanner.config.ScannerProperties;
import io.shiplog.scanner.registry.CredentialSource;
import io.shiplog.scanner.registry.Credentials;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** Builds the {@link CredentialSource} that a registry's {@code auth} names, and a docker config's helpers. */
public final class RegistryLogins {

    private RegistryLogins() {
    }

    /** The source of {@code registry}'s credentials; {@code baseUrl} is its API (ACR's exchange lives there). */
    public static CredentialSource forRegistry(ScannerProperties.Registry registry, URI baseUrl, Duration timeout) {
        ScannerProperties.Auth auth = registry.auth();
        return switch (auth.provider()) {
            case ECR -> EcrTokens.create(registry.host(), auth.region(), auth.endpoint(), timeout);
            case GOOGLE -> GoogleTokens.create(auth.keyFile(), auth.endpoint(), timeout);
            case ACR -> AcrTokens.create(baseUrl, auth.endpoint(), auth.tenant(), auth.clientId(),
                    auth.clientSecret(), auth.federatedTokenFile(), timeout);
            case HELPER -> CredentialHelper.find(auth.helper(), System.getenv("PATH"), timeout, java.util.Map.of());
        };
    }

    /**
     * Adds the {@code credHelpers} (per host) and {@code credsStore} (every other host) of a docker config.json to
     * {@code credentials}; fails at once when a helper it names is not on the PATH.
     */
    public static void addDockerConfigHelpers(Credentials credentials, Path config, Duration timeout) {
        CredentialHelper.DockerConfigHelpers helpers = CredentialHelper.fromDockerConfig(config,
                System.getenv("PATH"), timeout);
        helpers.byHost().forEach(credentials::putSource);
        helpers.store().ifPresent(credentials::setDefaultSource);
    }
}
