package io.shiplog.local.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real docker-registry with {@code auth: token}, trusting the tokens of the testkit's {@link TokenServer}. */
class TokenAuthRegistryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ContainerRegistry registry;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        registry = ContainerRegistry.start(RegistryOptions.defaults().withoutReceiver()
                .withTokenAuth(Set.of("open/app"), Duration.ofMinutes(5)));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void challengesWithTheTokenRealmAndAcceptsTheTokensItIssues() throws Exception {
        registry.pusher().push("closed/app", "1.0.0");

        HttpResponse<String> bare = get(registry.url().resolve("/v2/closed/app/tags/list"), null);
        assertThat(bare.statusCode()).isEqualTo(401);
        assertThat(bare.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer realm=\"" + registry.tokenServer().realm() + "\"")
                .contains("service=\"" + TokenServer.SERVICE + "\"")
                .contains("scope=\"repository:closed/app:pull\"");

        String token = token("repository:closed/app:pull", basic(registry.username(), registry.password()));
        HttpResponse<String> listed = get(registry.url().resolve("/v2/closed/app/tags/list"), "Bearer " + token);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(listed.body()).path("tags").toString()).contains("1.0.0");
    }

    @Test
    void givesAnonymousCallersPullOnPublicRepositoriesOnly() throws Exception {
        registry.pusher().push("open/app", "1.0.0");
        registry.pusher().push("hidden/app", "1.0.0");

        String open = token("repository:open/app:pull", null);
        String hidden = token("repository:hidden/app:pull", null);

        assertThat(get(registry.url().resolve("/v2/open/app/tags/list"), "Bearer " + open).statusCode())
                .isEqualTo(200);
        HttpResponse<String> refused = get(registry.url().resolve("/v2/hidden/app/tags/list"), "Bearer " + hidden);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"");
    }

    @Test
    void refusesWrongCredentialsAndTokensThatExpired() throws Exception {
        registry.pusher().push("closed/expiry", "1.0.0");
        HttpResponse<String> wrong = tokenResponse("repository:closed/expiry:pull",
                basic(registry.username(), "not-the-password"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("not-the-password");

        registry.tokenServer().issueExpiredTokenNext();
        String expired = token("repository:closed/expiry:pull", basic(registry.username(), registry.password()));
        assertThat(get(registry.url().resolve("/v2/closed/expiry/tags/list"), "Bearer " + expired).statusCode())
                .isEqualTo(401);
    }

    private String token(String scope, String authorization) throws Exception {
        HttpResponse<String> response = tokenResponse(scope, authorization);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("access_token").asText()).isEqualTo(body.path("token").asText());
        assertThat(body.path("expires_in").asLong()).isEqualTo(300);
        return body.path("token").asText();
    }

    private HttpResponse<String> tokenResponse(String scope, String authorization) throws Exception {
        URI uri = URI.create(registry.tokenServer().realm() + "?service=" + TokenServer.SERVICE + "&scope="
                + RegistryClient.encode(scope));
        return get(uri, authorization);
    }

    private HttpResponse<String> get(URI uri, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
