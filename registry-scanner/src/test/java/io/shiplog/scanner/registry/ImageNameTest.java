package io.shiplog.scanner.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageNameTest {

    @Test
    void mapsDockerHubNamesToTheLibraryPrefixAndItsApiHost() {
        assertThat(ImageName.parse("nginx")).isEqualTo(new ImageName("docker.io", "library/nginx"));
        assertThat(ImageName.parse("nginx:1.27").toString()).isEqualTo("docker.io/library/nginx");
        assertThat(ImageName.parse("index.docker.io/acme/app").toString()).isEqualTo("docker.io/acme/app");
        assertThat(ImageName.parse("acme/app").apiHost()).isEqualTo("registry-1.docker.io");
    }

    @Test
    void keepsRegistryHostsWithPortsAndStripsTagsAndDigests() {
        assertThat(ImageName.parse("127.0.0.1:5000/team/app:1.0")).isEqualTo(new ImageName("127.0.0.1:5000", "team/app"));
        assertThat(ImageName.parse("ghcr.io/acme/app@sha256:" + "a".repeat(64)).toString()).isEqualTo("ghcr.io/acme/app");
        assertThat(ImageName.parse("localhost/app").host()).isEqualTo("localhost");
    }

    @Test
    void refusesNamesThatAreNotRepositories() {
        assertThatThrownBy(() -> ImageName.parse("ghcr.io/Acme/App")).hasMessageContaining("'ghcr.io/Acme/App'");
        assertThatThrownBy(() -> ImageName.parse(" ")).hasMessageContaining("empty");
    }

    @Test
    void parsesBearerChallengesWithQuotedParameters() {
        Optional<BearerChallenge> challenge = BearerChallenge.parse(
                "Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull\"");
        assertThat(challenge).get().satisfies(c -> {
            assertThat(c.isBearer()).isTrue();
            assertThat(c.parameters()).containsEntry("realm", "https://auth.example/token")
                    .containsEntry("service", "registry.example").containsEntry("scope", "repository:a/b:pull");
        });
        assertThat(BearerChallenge.parse("Basic realm=\"Registry Realm\"")).get()
                .satisfies(c -> assertThat(c.isBasic()).isTrue());
    }
}
