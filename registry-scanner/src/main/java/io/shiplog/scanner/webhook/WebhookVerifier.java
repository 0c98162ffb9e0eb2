package io.shiplog.scanner.webhook;

import io.shiplog.schemas.webhook.WebhookSignature;

/**
 * The scanner's webhook policy: a notification comes from a registry that knows the shared secret when it carries
 * the bearer token ({@code Authorization: Bearer …}, or {@code ?token=} for registries that cannot send headers) or
 * a valid HMAC-SHA256 of the body ({@code X-Shiplog-Signature} or {@code X-Hub-Signature-256}, checked by
 * {@link WebhookSignature}). Compared in constant time. With neither secret configured every call is refused.
 */
public final class WebhookVerifier {

    private final String token;
    private final WebhookSignature signature;

    public WebhookVerifier(String token, String hmacSecret) {
        this.token = token == null || token.isEmpty() ? null : token;
        this.signature = hmacSecret == null || hmacSecret.isEmpty() ? null : new WebhookSignature(hmacSecret);
    }

    public boolean configured() {
        return token != null || signature != null;
    }

    /** Whether the call proves knowledge of a secret. */
    public boolean verify(String authorization, String queryToken, String signatureHeader, byte[] body) {
        if (token != null) {
            String presented = null;
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                presented = authorization.substring(7).strip();
            } else if (queryToken != null) {
                presented = queryToken;
            }
            if (WebhookSignature.tokensMatch(token, presented)) {
                return true;
            }
        }
        return signature != null && signatureHeader != null && signature.matches(signatureHeader, body);
    }

    @Override
    public String toString() {
        return "WebhookVerifier[token=" + (token == null ? "(none)" : "***") + ", hmac="
                + (signature == null ? "(none)" : "***") + "]";
    }
}
