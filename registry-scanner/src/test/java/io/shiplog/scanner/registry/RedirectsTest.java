package io.shiplog.scanner.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.schemas.image.ImageRepository;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RedirectsTest {

    private static final ImageRepository IMAGE = ImageRepository.parse("registry.example/team/app");
    private static final URI FROM = URI.create("https://registry.example/v2/team/app/blobs/sha256:ab");

    @Test
    void resolvesRelativeAndAbsoluteLocations() throws Exception {
        assertThat(RegistryHandler.redirectTarget(IMAGE, FROM, "/v2/team/app/blobs/other", 1))
                .isEqualTo(URI.create("https://registry.example/v2/team/app/blobs/other"));
        assertThat(RegistryHandler.redirectTarget(IMAGE, FROM, "https://bucket.s3.example/blob?X-Amz-Signature=1", 1))
                .isEqualTo(URI.create("https://bucket.s3.example/blob?X-Amz-Signature=1"));
    }

    @Test
    void refusesADowngradeToPlainHttpAnUnusableLocationAndTooManyRedirects() {
        assertThatThrownBy(() -> RegistryHandler.redirectTarget(IMAGE, FROM, "http://cdn.example/blob", 1))
                .hasMessageContaining("from https to plain http").hasMessageContaining("registry.example");
        assertThatThrownBy(() -> RegistryHandler.redirectTarget(IMAGE, FROM, "file:///etc/passwd", 1))
                .hasMessageContaining("unusable location");
        assertThatThrownBy(() -> RegistryHandler.redirectTarget(IMAGE, FROM, "", 1))
                .hasMessageContaining("unusable location");
        assertThatThrownBy(() -> RegistryHandler.redirectTarget(IMAGE, FROM, "/v2/x", 6))
                .hasMessageContaining("redirected more than 5 times");
    }
}
