package io.shiplog.auditor.project;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageRefTest {

    @Test
    void splitsRepositoryTagAndDigest() {
        ImageRef ref = ImageRef.parse("ghcr.io/acme/web:1.2.3@sha256:abc");
        assertThat(ref).isEqualTo(new ImageRef("ghcr.io/acme/web", "1.2.3", "sha256:abc"));
    }

    @Test
    void keepsARegistryPortApartFromTheTag() {
        assertThat(ImageRef.parse("127.0.0.1:5000/acme/web")).isEqualTo(new ImageRef("127.0.0.1:5000/acme/web",
                null, null));
        assertThat(ImageRef.parse("localhost:5000/web:2").tag()).isEqualTo("2");
    }

    @Test
    void makesDockerHubShortNamesCanonical() {
        assertThat(ImageRef.parse("nginx:1.25").repository()).isEqualTo("docker.io/library/nginx");
        assertThat(ImageRef.canonical("bitnami/redis")).isEqualTo("docker.io/bitnami/redis");
    }
}
