package io.shiplog.schemas.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

    private static final String DIGEST = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "nginx, docker.io/library/nginx",
        "nginx:1.25, docker.io/library/nginx",
        "acme/app, docker.io/acme/app",
        "bitnami/redis, docker.io/bitnami/redis",
        "docker.io/nginx, docker.io/library/nginx",
        "docker.io/library/nginx, docker.io/library/nginx",
        "index.docker.io/library/nginx, docker.io/library/nginx",
        "index.docker.io/acme/app, docker.io/acme/app",
        "registry-1.docker.io/acme/app:1, docker.io/acme/app",
        "registry.hub.docker.com/nginx, docker.io/library/nginx",
        "Docker.IO/nginx, docker.io/library/nginx",
        "ghcr.io/acme/app:1.4.2, ghcr.io/acme/app",
        "GHCR.io/acme/app, ghcr.io/acme/app",
        "localhost/app, localhost/app",
        "localhost:5000/team/app:dev, localhost:5000/team/app",
        "127.0.0.1:5000/team/app:1.0, 127.0.0.1:5000/team/app",
        "127.0.0.1:5000/app@" + DIGEST + ", 127.0.0.1:5000/app",
        "'[::1]:5000/app:1', '[::1]:5000/app'",
        "ghcr.io/acme/app@" + DIGEST + ", ghcr.io/acme/app",
        "'  ghcr.io/acme/app:1  ', ghcr.io/acme/app",
        "registry.example.com/a/b/c/d, registry.example.com/a/b/c/d",
        "ghcr.io/acme/my_app__x.y-z, ghcr.io/acme/my_app__x.y-z",
    })
    void everySpellingOfARepositoryHasOneCanonicalForm(String reference, String repository) {
        assertThat(ImageReference.parse(reference).repository()).isEqualTo(repository);
        assertThat(ImageReference.canonicalRepository(reference)).isEqualTo(repository);
        assertThat(ImageRepository.parse(reference).toString()).isEqualTo(repository);
    }

    @Test
    void aCanonicalRepositoryParsesToItself() {
        for (String repository : new String[] {"docker.io/library/nginx", "ghcr.io/acme/app", "127.0.0.1:5000/a"}) {
            assertThat(ImageReference.canonicalRepository(repository)).isEqualTo(repository);
        }
    }

    @Test
    void splitsRegistryPathTagAndDigest() {
        ImageReference ref = ImageReference.parse("ghcr.io/acme/web:1.2.3@" + DIGEST);

        assertThat(ref).isEqualTo(new ImageReference("ghcr.io/acme/web", "ghcr.io", "acme/web", "1.2.3", DIGEST));
        assertThat(ref.toRepository()).isEqualTo(new ImageRepository("ghcr.io", "acme/web"));
    }

    @Test
    void keepsARegistryPortApartFromTheTag() {
        assertThat(ImageReference.parse("127.0.0.1:5000/acme/web").tag()).isNull();
        assertThat(ImageReference.parse("127.0.0.1:5000/acme/web").registry()).isEqualTo("127.0.0.1:5000");
        assertThat(ImageReference.parse("localhost:5000/web:2").tag()).isEqualTo("2");
        assertThat(ImageReference.parse("localhost:5000/web:2").registry()).isEqualTo("localhost:5000");
    }

    @Test
    void readsADigestWithOrWithoutATag() {
        ImageReference pinned = ImageReference.parse("app@" + DIGEST);
        assertThat(pinned.tag()).isNull();
        assertThat(pinned.digest()).isEqualTo(DIGEST);
        assertThat(pinned.repository()).isEqualTo("docker.io/library/app");

        ImageReference both = ImageReference.parse("ghcr.io/acme/app:latest@" + DIGEST);
        assertThat(both.tag()).isEqualTo("latest");
        assertThat(both.digest()).isEqualTo(DIGEST);
        assertThat(ImageReference.parse("app@sha512:" + "ab".repeat(64)).digest()).startsWith("sha512:");
    }

    @Test
    void keepsTheSpellingAsWrittenWhenRendered() {
        ImageReference ref = ImageReference.parse("nginx:1.25.3");
        assertThat(ref.name()).isEqualTo("nginx");
        assertThat(ref.withTag("1.25.4").toString()).isEqualTo("nginx:1.25.4");
        assertThat(ImageReference.parse("GHCR.io/acme/app:1").withTag("2").toString()).isEqualTo("GHCR.io/acme/app:2");

        ImageReference pinned = ImageReference.parse("ghcr.io/acme/app:latest@" + DIGEST);
        assertThat(pinned.toString()).isEqualTo("ghcr.io/acme/app:latest@" + DIGEST);
        assertThat(pinned.withDigest(null).toString()).isEqualTo("ghcr.io/acme/app:latest");
    }

    @Test
    void comparesRepositoriesCanonically() {
        assertThat(ImageReference.parse("nginx:1").sameRepository(ImageReference.parse("docker.io/library/nginx:2")))
                .isTrue();
        assertThat(ImageReference.parse("ghcr.io/a/b").sameRepository(ImageReference.parse("ghcr.io/a/c"))).isFalse();
    }

    @Test
    void servesDockerHubFromItsApiHost() {
        assertThat(ImageRepository.parse("acme/app").apiHost()).isEqualTo("registry-1.docker.io");
        assertThat(ImageRepository.parse("127.0.0.1:5000/app").apiHost()).isEqualTo("127.0.0.1:5000");
        assertThat(ImageRepository.parse("localhost/app").registry()).isEqualTo("localhost");
    }

    @Test
    void treatsAFirstComponentAsAHostByDockersRule() {
        assertThat(ImageReference.isRegistryHost("ghcr.io")).isTrue();
        assertThat(ImageReference.isRegistryHost("localhost")).isTrue();
        assertThat(ImageReference.isRegistryHost("host:5000")).isTrue();
        assertThat(ImageReference.isRegistryHost("Registry")).isTrue();
        assertThat(ImageReference.isRegistryHost("acme")).isFalse();
        assertThat(ImageReference.parse("Registry/app").repository()).isEqualTo("registry/app");
    }

    @Test
    void makesDockerHubAliasesOneRegistry() {
        assertThat(ImageReference.canonicalRegistry("index.docker.io")).isEqualTo("docker.io");
        assertThat(ImageReference.canonicalRegistry("registry-1.docker.io")).isEqualTo("docker.io");
        assertThat(ImageReference.canonicalRegistry("Registry.Hub.Docker.com")).isEqualTo("docker.io");
        assertThat(ImageReference.canonicalRegistry("GHCR.io")).isEqualTo("ghcr.io");
    }

    @Test
    void rejectsReferencesThatAreNotImagesNamingTheInput() {
        assertThatThrownBy(() -> ImageReference.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ImageReference.parse(" ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ImageReference.parse(null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> ImageReference.parse("ghcr.io/Acme/App:1"))
                .hasMessageContaining("invalid repository path").hasMessageContaining("'ghcr.io/Acme/App:1'");
        assertThatThrownBy(() -> ImageReference.parse("app:bad tag")).hasMessageContaining("invalid tag");
        assertThatThrownBy(() -> ImageReference.parse("app:")).hasMessageContaining("invalid tag");
        assertThatThrownBy(() -> ImageReference.parse("app:" + "t".repeat(129))).hasMessageContaining("invalid tag");
        assertThatThrownBy(() -> ImageReference.parse("app@sha256:xyz")).hasMessageContaining("invalid digest");
        assertThatThrownBy(() -> ImageReference.parse("app@sha256:abc")).hasMessageContaining("invalid digest");
        assertThatThrownBy(() -> ImageReference.parse("bad_host.io:x/app")).hasMessageContaining("registry host");
        assertThatThrownBy(() -> ImageReference.parse("ghcr.io/a" + "/b".repeat(130)))
                .hasMessageContaining("longer than 255");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ghcr.io/a:b/c", "/app", "app/", "a//b", "-app", "app-", "ghcr.io/", "a@b@" + DIGEST})
    void rejectsMalformedNamesInsteadOfGuessingARepository(String reference) {
        assertThat(ImageReference.isValid(reference)).isFalse();
        assertThat(ImageReference.tryParse(reference)).isEmpty();
    }

    @Test
    void acceptsAPathOfExactlyTheRegistryLimit() {
        String path = "a/" + "b".repeat(ImageReference.MAX_PATH_LENGTH - 2);
        assertThat(ImageReference.parse("ghcr.io/" + path).path()).hasSize(255);
        assertThat(ImageReference.isValid("ghcr.io/acme/app:1.0")).isTrue();
    }
}
