package io.shiplog.scanner.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

    @TempDir
    Path dir;

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsDockerConfigAuthsAndMapsDockerHubsLegacyKey() throws Exception {
        Path config = Files.writeString(dir.resolve("config.json"), """
                {"auths": {"https://index.docker.io/v1/": {"auth": "%s"},
                           "ghcr.io": {"username": "bot", "password": "ghp_token"}}}
                """.formatted(b64("hubuser:hub-secret-1")));
        Credentials credentials = new Credentials();
        credentials.addDockerConfig(config);

        assertThat(credentials.forHost("docker.io")).contains(new Credentials.Credential("hubuser", "hub-secret-1"));
        assertThat(credentials.forHost("GHCR.io")).contains(new Credentials.Credential("bot", "ghp_token"));
        assertThat(credentials.forHost("docker.io").orElseThrow().toString()).doesNotContain("hub-secret-1");
    }

    @Test
    void readsAKubernetesDockerconfigjsonSecret() throws Exception {
        String dockerConfig = "{\"auths\":{\"quay.io\":{\"auth\":\"" + b64("robot:quay-secret") + "\"}}}";
        Path secret = Files.writeString(dir.resolve("secret.yaml"), """
                apiVersion: v1
                kind: Secret
                type: kubernetes.io/dockerconfigjson
                metadata:
                  name: pull
                data:
                  .dockerconfigjson: %s
                """.formatted(b64(dockerConfig)));
        Credentials credentials = new Credentials();
        credentials.addDockerConfigSecret(secret);

        assertThat(credentials.forHost("quay.io")).contains(new Credentials.Credential("robot", "quay-secret"));
    }

    @Test
    void failsNamingTheFileButNotItsContent() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"auths\": {\"x.io\": {\"auth\": \"not base64 s3cr3t!\"}}}");

        assertThatThrownBy(() -> new Credentials().addDockerConfig(bad)).hasMessageContaining(bad.toString())
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void readsIdentityTokensAndAcceptsAConfigWhoseCredentialsAreAllInHelpers() throws Exception {
        Path config = Files.writeString(dir.resolve("config.json"), """
                {"auths": {"acme.azurecr.io": {"identitytoken": "acr-refresh-token"}}}
                """);
        Path helpersOnly = Files.writeString(dir.resolve("helpers.json"), """
                {"credHelpers": {"gcr.io": "gcloud"}, "credsStore": "pass"}
                """);
        Credentials credentials = new Credentials();
        credentials.addDockerConfig(config);
        credentials.addDockerConfig(helpersOnly);

        assertThat(credentials.forHost("acme.azurecr.io")).hasValueSatisfying(c -> {
            assertThat(c.identityToken()).isTrue();
            assertThat(c.password()).isEqualTo("acr-refresh-token");
            assertThat(c.toString()).doesNotContain("acr-refresh-token");
        });
        assertThat(credentials.forHost("gcr.io")).isEmpty();
    }
}
