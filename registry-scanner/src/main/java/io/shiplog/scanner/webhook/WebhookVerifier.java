package io.shiplog.scanner.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decides whether a notification comes from a registry that knows the shared secret: a bearer token
 * ({@code Authorization: Bearer …}, or {@code ?token=} for registries that cannot send headers) or an HMAC-SHA256
 * of the body ({@code X-Shiplog-Signature} or {@code X-Hub-Signature-256}: {@code sha256=<hex>}). Compared in
 * constant time. With neither secret configured every call is refused.
 */
public final class WebhookVerifier {

    private final byte[] token;
    private final byte[] hmacSecret;

    public WebhookVerifier(String token, String hmacSecret) {
        this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.hmacSecret = hmacSecret == null || hmacSecret.isEmpty() ? null
                : hmacSecret.getBytes(StandardCharsets.UTF_8);
    }

    public boolean configured() {
        return token != null || hmacSecret != null;
    }

    /** Whether the call proves knowledge of a secret. */
    public boolean verify(String authorization, String queryToken, String signature, byte[] body) {
        if (token != null) {
            String presented = null;
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                presented = authorization.substring(7).strip();
            } else if (queryToken != null) {
                presented = queryToken;
            }
            if (presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        if (hmacSecret != null && signature != null) {
            String hex = signature.strip().toLowerCase(Locale.ROOT);
            if (hex.startsWith("sha256=")) {
                hex = hex.substring(7);
            }
            byte[] expected = HexFormat.of().formatHex(hmac(body)).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, hex.getBytes(StandardCharsets.US_ASCII));
        }
        return false;
    }

    private byte[] hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacSecret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookVerifier[token=" + (token == null ? "(none)" : "***") + ", hmac="
                + (hmacSecret == null ? "(none)" : "***") + "]";
    }
}
