package io.shiplog.gitwriter.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.gitwriter.config.CommitProperties;
import io.shiplog.gitwriter.config.RepositoryProperties;
import io.shiplog.schemas.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class WebhookVerifierTest {

    private static final byte[] BODY = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);

    private static RepositoryProperties repo(String secret, String token) {
        return new RepositoryProperties("r", "https://git.example.com/r.git", "main", "", null, null, null, null,
                null, Duration.ofSeconds(30), Duration.ofSeconds(60),
                new CommitProperties("Shiplog", "shiplog@localhost", "", "", "{summary}", "none", null), secret,
                token);
    }

    private static HttpHeaders headers(String name, String value) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(name, value);
        return headers;
    }

    private static String hex(String secret) {
        return new WebhookSignature(secret).sign(BODY).substring("sha256=".length());
    }

    @Test
    void acceptsGitHubAndGiteaSignaturesMadeWithTheSecret() {
        assertThat(WebhookVerifier.verify(repo("s3cret", null), headers("X-Hub-Signature-256", "sha256=" + hex("s3cret")),
                BODY)).isEmpty();
        assertThat(WebhookVerifier.verify(repo("s3cret", null), headers("X-Gitea-Signature", hex("s3cret")), BODY))
                .isEmpty();
    }

    @Test
    void rejectsASignatureMadeWithAnotherSecretWithoutNamingTheSecret() {
        var problem = WebhookVerifier.verify(repo("s3cret", null),
                headers("X-Hub-Signature-256", "sha256=" + hex("other")), BODY);
        assertThat(problem).hasValueSatisfying(p -> assertThat(p).contains("does not match").doesNotContain("s3cret"));
    }

    @Test
    void saysWhenTheSignatureHeaderIsNoDigestAtAll() {
        assertThat(WebhookVerifier.verify(repo("s3cret", null), headers("X-Hub-Signature-256", "sha256=xyz"), BODY))
                .hasValueSatisfying(p -> assertThat(p).contains("not [sha256=]<64 hex digits>"));
    }

    @Test
    void aSignatureHeaderDecidesEvenWhenATokenIsAlsoConfigured() {
        HttpHeaders both = headers("X-Hub-Signature-256", "sha256=" + hex("other"));
        both.add("X-Gitlab-Token", "tok");
        assertThat(WebhookVerifier.verify(repo("s3cret", "tok"), both, BODY)).isPresent();
        assertThat(WebhookVerifier.verify(repo("s3cret", "tok"), headers("X-Gitlab-Token", "tok"), BODY)).isEmpty();
    }

    @Test
    void acceptsTheGitLabTokenAndRejectsAWrongOne() {
        assertThat(WebhookVerifier.verify(repo(null, "tok"), headers("X-Gitlab-Token", "tok"), BODY)).isEmpty();
        assertThat(WebhookVerifier.verify(repo(null, "tok"), headers("X-Gitlab-Token", "nope"), BODY)).isPresent();
    }

    @Test
    void refusesWebhooksForARepositoryWithoutSecretOrToken() {
        assertThat(WebhookVerifier.verify(repo(null, null), headers("X-Gitlab-Token", "anything"), BODY))
                .hasValueSatisfying(p -> assertThat(p).contains("neither webhook-secret nor webhook-token"));
    }
}
