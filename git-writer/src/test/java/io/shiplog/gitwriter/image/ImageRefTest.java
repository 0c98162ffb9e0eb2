package io.shiplog.gitwriter.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ImageRefTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "nginx, docker.io/library/nginx", "nginx:1.25, docker.io/library/nginx", "acme/app, docker.io/acme/app",
        "docker.io/nginx, docker.io/library/nginx", "index.docker.io/library/nginx, docker.io/library/nginx",
        "registry-1.docker.io/acme/app:1, docker.io/acme/app", "ghcr.io/acme/app:1.4.2, ghcr.io/acme/app",
        "GHCR.io/acme/app, ghcr.io/acme/app", "localhost/app, localhost/app", "localhost:5000/team/app:dev, localhost:5000/team/app",
        "127.0.0.1:5000/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, 127.0.0.1:5000/app",
    })
    void normalisesRepositories(String reference, String repository) {
        assertThat(ImageRef.parse(reference).repository()).isEqualTo(repository);
    }

    @Test
    void keepsTheSpellingAsWrittenWhenRendered() {
        ImageRef ref = ImageRef.parse("nginx:1.25.3");
        assertThat(ref.withTag("1.25.4").toString()).isEqualTo("nginx:1.25.4");
        String digest = "sha256:" + "a".repeat(64);
        ImageRef pinned = ImageRef.parse("ghcr.io/acme/app:latest@" + digest);
        assertThat(pinned.tag()).isEqualTo("latest");
        assertThat(pinned.digest()).isEqualTo(digest);
        assertThat(pinned.toString()).isEqualTo("ghcr.io/acme/app:latest@" + digest);
    }

    @Test
    void rejectsReferencesThatAreNotImages() {
        assertThatThrownBy(() -> ImageRef.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ImageRef.parse("ghcr.io/Acme/App:1")).hasMessageContaining("invalid repository path");
        assertThatThrownBy(() -> ImageRef.parse("app:bad tag")).hasMessageContaining("invalid tag");
        assertThatThrownBy(() -> ImageRef.parse("app@sha256:xyz")).hasMessageContaining("invalid digest");
        assertThat(ImageRef.isValid("ghcr.io/acme/app:1.0")).isTrue();
    }
}
