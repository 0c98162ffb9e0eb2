package io.shiplog.scanner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code shiplog.scanner.registries[].auth} as Spring binds it, and the start-up checks of it. */
class RegistryAuthPropertiesTest {

    private static ScannerProperties bind(String... keysAndValues) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("shiplog.scanner", ScannerProperties.class);
    }

    @Test
    void bindsCloudProvidersAndReadsTheEcrRegionFromTheHost() {
        ScannerProperties properties = bind(
                "shiplog.scanner.registries[0].host", "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
                "shiplog.scanner.registries[0].auth.provider", "ecr",
                "shiplog.scanner.registries[1].host", "europe-docker.pkg.dev",
                "shiplog.scanner.registries[1].auth.provider", "google",
                "shiplog.scanner.registries[2].host", "acme.azurecr.io",
                "shiplog.scanner.registries[2].auth.provider", "acr",
                "shiplog.scanner.registries[2].auth.tenant", "72f988bf-86f1-41af-91ab-2d7cd011db47",
                "shiplog.scanner.registries[2].auth.client-id", "scanner-app",
                "shiplog.scanner.registries[2].auth.client-secret", "acr-client-secret-value");

        assertThat(properties.validated().registries()).extracting(r -> r.auth().provider()).containsExactly(
                ScannerProperties.Provider.ECR, ScannerProperties.Provider.GOOGLE, ScannerProperties.Provider.ACR);
        assertThat(properties.registries().get(2).toString()).contains("clientSecret=***")
                .doesNotContain("acr-client-secret-value");
    }

    @Test
    void failsAtStartUpNamingEveryBadAuthProperty() {
        ScannerProperties properties = bind(
                "shiplog.scanner.registries[0].host", "registry.acme.internal",
                "shiplog.scanner.registries[0].auth.provider", "ecr",
                "shiplog.scanner.registries[1].host", "acme.azurecr.io",
                "shiplog.scanner.registries[1].auth.provider", "acr",
                "shiplog.scanner.registries[1].auth.client-secret", "acr-client-secret-value",
                "shiplog.scanner.registries[2].host", "ghcr.io",
                "shiplog.scanner.registries[2].auth.provider", "helper",
                "shiplog.scanner.registries[2].auth.helper", "../../bin/sh",
                "shiplog.scanner.registries[3].host", "gcr.io",
                "shiplog.scanner.registries[3].username", "bot",
                "shiplog.scanner.registries[3].password", "registry-password-value",
                "shiplog.scanner.registries[3].auth.provider", "google");

        assertThatThrownBy(properties::validated)
                .hasMessageContaining("shiplog.scanner.registries[0].auth.region is required: registry.acme.internal "
                        + "is not an ECR host name")
                .hasMessageContaining("shiplog.scanner.registries[1].auth needs tenant and client-id")
                .hasMessageContaining("shiplog.scanner.registries[2].auth.helper must name docker-credential-<helper>")
                .hasMessageContaining("shiplog.scanner.registries[3] (gcr.io) sets auth and username/password")
                .hasMessageNotContaining("acr-client-secret-value")
                .hasMessageNotContaining("registry-password-value");
    }
}
