package io.shiplog.schemas.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.schemas.webhook.WebhookSignature.Check;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final byte[] BODY = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
    private static final WebhookSignature SIGNATURE = new WebhookSignature("s3cret");

    @Test
    void matchesTheRfc4231TestVector() {
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        assertThat(new WebhookSignature("Jefe").sign(data))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void acceptsTheGitHubAndGenericFormWithThePrefix() {
        assertThat(SIGNATURE.check(SIGNATURE.sign(BODY), BODY)).isEqualTo(Check.VALID);
    }

    @Test
    void acceptsTheGiteaFormWithoutThePrefix() {
        assertThat(SIGNATURE.check(SIGNATURE.sign(BODY).substring(7), BODY)).isEqualTo(Check.VALID);
    }

    @Test
    void acceptsAnyCaseAndSurroundingBlanks() {
        String upper = SIGNATURE.sign(BODY).toUpperCase(Locale.ROOT);
        assertThat(SIGNATURE.matches(upper, BODY)).isTrue();
        assertThat(SIGNATURE.matches("  " + SIGNATURE.sign(BODY) + "\n", BODY)).isTrue();
        assertThat(SIGNATURE.matches("sha256= " + SIGNATURE.sign(BODY).substring(7), BODY)).isTrue();
    }

    @Test
    void rejectsASignatureMadeWithAnotherSecretOrOverAnotherBody() {
        assertThat(SIGNATURE.check(new WebhookSignature("other").sign(BODY), BODY)).isEqualTo(Check.MISMATCH);
        assertThat(SIGNATURE.check(SIGNATURE.sign(BODY), "{}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Check.MISMATCH);
    }

    @Test
    void callsAHeaderThatIsNoSha256DigestMalformed() {
        assertThat(SIGNATURE.check(null, BODY)).isEqualTo(Check.MALFORMED);
        assertThat(SIGNATURE.check("", BODY)).isEqualTo(Check.MALFORMED);
        assertThat(SIGNATURE.check("sha256=00", BODY)).isEqualTo(Check.MALFORMED);
        assertThat(SIGNATURE.check("sha256=" + "zz".repeat(32), BODY)).isEqualTo(Check.MALFORMED);
        assertThat(SIGNATURE.check("sha1=" + "00".repeat(32), BODY)).isEqualTo(Check.MALFORMED);
        assertThat(SIGNATURE.check(SIGNATURE.sign(BODY) + "00", BODY)).isEqualTo(Check.MALFORMED);
    }

    @Test
    void comparesTokensExactly() {
        assertThat(WebhookSignature.tokensMatch("tok", "tok")).isTrue();
        assertThat(WebhookSignature.tokensMatch("tok", "tok ")).isFalse();
        assertThat(WebhookSignature.tokensMatch("tok", null)).isFalse();
        assertThat(WebhookSignature.tokensMatch(null, "tok")).isFalse();
    }

    @Test
    void neverShowsTheSecret() {
        assertThat(SIGNATURE.toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> new WebhookSignature("")).hasMessageContaining("must not be empty");
    }
}
