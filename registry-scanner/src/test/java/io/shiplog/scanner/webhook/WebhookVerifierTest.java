package io.shiplog.scanner.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.schemas.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookVerifierTest {

    private static final byte[] BODY = "{\"repository\":\"a/b\"}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = new WebhookSignature("hmac-secret").sign(BODY);

    private final WebhookVerifier verifier = new WebhookVerifier("tok-123", "hmac-secret");

    @Test
    void acceptsTheBearerTokenInTheHeaderOrTheQuery() {
        assertThat(verifier.verify("Bearer tok-123", null, null, BODY)).isTrue();
        assertThat(verifier.verify("bearer  tok-123 ", null, null, BODY)).isTrue();
        assertThat(verifier.verify(null, "tok-123", null, BODY)).isTrue();
        assertThat(verifier.verify("Bearer tok-124", null, null, BODY)).isFalse();
    }

    @Test
    void acceptsAValidHmacOfTheBodyAndNoOther() {
        assertThat(verifier.verify(null, null, SIGNATURE, BODY)).isTrue();
        assertThat(verifier.verify(null, null, SIGNATURE, "{\"repository\":\"a/c\"}".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(verifier.verify(null, null, "sha256=00", BODY)).isFalse();
    }

    @Test
    void aWrongTokenDoesNotSpoilAValidSignature() {
        assertThat(verifier.verify("Bearer wrong", null, SIGNATURE, BODY)).isTrue();
    }

    @Test
    void refusesEveryCallWhenNoSecretIsConfigured() {
        WebhookVerifier none = new WebhookVerifier(null, "");
        assertThat(none.configured()).isFalse();
        assertThat(none.verify("Bearer anything", "x", "sha256=00", BODY)).isFalse();
    }

    @Test
    void neverShowsItsSecrets() {
        assertThat(verifier.toString()).doesNotContain("tok-123", "hmac-secret");
    }
}
