package io.shiplog.gitwriter.webhook;

import io.shiplog.gitwriter.config.RepositoryProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpHeaders;

/**
 * Checks that a push webhook comes from the git host: an HMAC-SHA256 of the body with the repository's
 * {@code webhook-secret} (GitHub {@code X-Hub-Signature-256: sha256=<hex>}, Gitea {@code X-Gitea-Signature: <hex>},
 * generic {@code X-Shiplog-Signature-256: sha256=<hex>}) or its {@code webhook-token} (GitLab {@code X-Gitlab-Token},
 * generic {@code X-Shiplog-Token}). Comparisons take constant time. Pure.
 */
public final class WebhookVerifier {

    private WebhookVerifier() {
    }

    /** Empty when the request is authentic, else why not (never echoing a secret). */
    public static Optional<String> verify(RepositoryProperties repo, HttpHeaders headers, byte[] body) {
        boolean hasSecret = repo.webhookSecret() != null && !repo.webhookSecret().isEmpty();
        boolean hasToken = repo.webhookToken() != null && !repo.webhookToken().isEmpty();
        if (!hasSecret && !hasToken) {
            return Optional.of("repository " + repo.name() + " has neither webhook-secret nor webhook-token; "
                    + "webhooks are refused");
        }
        if (hasSecret) {
            String signature = first(headers, "X-Hub-Signature-256", "X-Shiplog-Signature-256", "X-Gitea-Signature");
            if (signature != null) {
                String hex = signature.toLowerCase(Locale.ROOT).startsWith("sha256=") ? signature.substring(7)
                        : signature;
                byte[] expected = hmac(repo.webhookSecret(), body);
                byte[] given;
                try {
                    given = HexFormat.of().parseHex(hex.strip());
                } catch (IllegalArgumentException e) {
                    return Optional.of("signature header is not hex");
                }
                return MessageDigest.isEqual(expected, given) ? Optional.empty()
                        : Optional.of("HMAC-SHA256 signature does not match the body");
            }
        }
        if (hasToken) {
            String token = first(headers, "X-Gitlab-Token", "X-Shiplog-Token");
            if (token != null) {
                return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                        repo.webhookToken().getBytes(StandardCharsets.UTF_8)) ? Optional.empty()
                        : Optional.of("webhook token does not match");
            }
        }
        return Optional.of("no signature or token header");
    }

    static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String first(HttpHeaders headers, String... names) {
        for (String name : names) {
            String value = headers.getFirst(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
