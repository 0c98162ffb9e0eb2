package io.shiplog.gitwriter.webhook;

import io.shiplog.gitwriter.config.RepositoryProperties;
import io.shiplog.schemas.webhook.WebhookSignature;
import java.util.Optional;
import org.springframework.http.HttpHeaders;

/**
 * git-writer's webhook policy: a push webhook comes from the git host when it carries an HMAC-SHA256 of the body
 * made with the repository's {@code webhook-secret} (GitHub {@code X-Hub-Signature-256: sha256=<hex>}, Gitea
 * {@code X-Gitea-Signature: <hex>}, generic {@code X-Shiplog-Signature-256: sha256=<hex>}; checked by
 * {@link WebhookSignature}) or, without a signature header, its {@code webhook-token} (GitLab
 * {@code X-Gitlab-Token}, generic {@code X-Shiplog-Token}). Comparisons take constant time. Pure.
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
                return switch (new WebhookSignature(repo.webhookSecret()).check(signature, body)) {
                    case VALID -> Optional.empty();
                    case MISMATCH -> Optional.of("HMAC-SHA256 signature does not match the body");
                    case MALFORMED -> Optional.of("signature header is not [sha256=]<64 hex digits>");
                };
            }
        }
        if (hasToken) {
            String token = first(headers, "X-Gitlab-Token", "X-Shiplog-Token");
            if (token != null) {
                return WebhookSignature.tokensMatch(repo.webhookToken(), token) ? Optional.empty()
                        : Optional.of("webhook token does not match");
            }
        }
        return Optional.of("no signature or token header");
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
