package io.shiplog.schemas.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 of a webhook body with a shared secret, as GitHub ({@code X-Hub-Signature-256: sha256=<hex>}),
 * Gitea ({@code X-Gitea-Signature: <hex>}), Harbor and generic senders ({@code sha256=<hex>}) sign it. A header is
 * read leniently in form (surrounding blanks, the {@code sha256=} prefix in any case or absent, hex in either case)
 * and strictly in content: exactly 32 bytes, compared in constant time. Which header carries it, and what else
 * (a token) may stand in for it, is each service's policy. The secret is never shown.
 */
public final class WebhookSignature {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String PREFIX = "sha256=";
    private static final int BYTES = 32;

    /** What a signature header says about a body. */
    public enum Check {
        /** Made with the secret over exactly this body. */
        VALID,
        /** Well-formed, but made with another secret or over another body. */
        MISMATCH,
        /** Not {@code [sha256=]<64 hex digits>}. */
        MALFORMED
    }

    private final byte[] secret;

    /** @param secret the shared secret; must not be empty */
    public WebhookSignature(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("webhook HMAC secret must not be empty");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Checks {@code header} (null when the request had none: {@link Check#MALFORMED}) against {@code body}. */
    public Check check(String header, byte[] body) {
        if (header == null) {
            return Check.MALFORMED;
        }
        String hex = header.strip();
        if (hex.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            hex = hex.substring(PREFIX.length()).strip();
        }
        if (hex.length() != 2 * BYTES) {
            return Check.MALFORMED;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return Check.MALFORMED;
        }
        return MessageDigest.isEqual(mac(body), given) ? Check.VALID : Check.MISMATCH;
    }

    /** Whether {@code header} is a valid signature of {@code body}. */
    public boolean matches(String header, byte[] body) {
        return check(header, body) == Check.VALID;
    }

    /** The header value a sender would put on {@code body}: {@code sha256=<lower-case hex>}. */
    public String sign(byte[] body) {
        return PREFIX + HexFormat.of().formatHex(mac(body));
    }

    /** Whether a presented token equals the expected one, in time that does not depend on where they differ. */
    public static boolean tokensMatch(String expected, String presented) {
        return expected != null && presented != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSignature[HMAC-SHA256, secret=***]";
    }
}
