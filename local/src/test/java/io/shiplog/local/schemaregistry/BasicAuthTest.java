package io.shiplog.local.schemaregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicAuthTest {

    private static String header(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void permitsOnlyTheConfiguredCredentials() {
        BasicAuth auth = new BasicAuth("ci", "s3cret");

        assertThat(auth.permits(header("ci:s3cret"))).isTrue();
        assertThat(auth.permits("basic " + header("ci:s3cret").substring(6))).isTrue();
        assertThat(auth.permits(header("ci:wrong"))).isFalse();
        assertThat(auth.permits(header("other:s3cret"))).isFalse();
        assertThat(auth.permits("Bearer abc")).isFalse();
        assertThat(auth.permits("Basic !!!notbase64")).isFalse();
        assertThat(auth.permits(null)).isFalse();
    }

    @Test
    void neverShowsThePassword() {
        assertThat(new BasicAuth("ci", "s3cret").toString()).contains("ci").doesNotContain("s3cret");
        assertThatThrownBy(() -> new BasicAuth("a:b", "s3cret")).hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> new BasicAuth("ci", "")).hasMessageContaining("ci");
    }
}
