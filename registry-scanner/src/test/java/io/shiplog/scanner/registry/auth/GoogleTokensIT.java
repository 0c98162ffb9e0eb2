package io.shiplog.scanner.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.local.oci.ContainerRegistry;
import io.shiplog.local.oci.RegistryOptions;
import io.shiplog.scanner.registry.CredentialException;
import io.shiplog.scanner.registry.Credentials;
import io.shiplog.scanner.registry.HostSettings;
import io.shiplog.scanner.registry.RegistryHandler;
import io.shiplog.scanner.registry.RegistryReader;
import io.shiplog.schemas.image.ImageRepository;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Application-default credentials for Artifact Registry and GCR, against a loopback server playing Google's token
 * endpoint (the JWT bearer grant of a service-account key; the refresh grant of a user) and the metadata server,
 * as documented: Google is not reachable here. The access token it grants opens the real testkit registry, whose
 * user is {@code oauth2accesstoken} as on Google's registries.
 */
@ExtendWith(OutputCaptureExtension.class)
class GoogleTokensIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final String accessToken = "ya29." + UUID.randomUUID().toString().replace("-", "");
    private final AtomicInteger grants = new AtomicInteger();
    private final Map<String, String> lastForm = new HashMap<>();
    private KeyPair key;
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        key = generator.generateKeyPair();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", this::token);
        server.createContext("/computeMetadata/v1/instance/service-accounts/default/token", this::metadata);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The token endpoint: a JWT bearer grant whose signature and claims check out, or a refresh grant. */
    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        synchronized (lastForm) {
            lastForm.clear();
            lastForm.putAll(form);
        }
        boolean valid = switch (form.getOrDefault("grant_type", "")) {
            case "urn:ietf:params:oauth:grant-type:jwt-bearer" -> validAssertion(form.get("assertion"));
            case "refresh_token" -> "user-refresh-token".equals(form.get("refresh_token"));
            default -> false;
        };
        if (!valid) {
            answer(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
            return;
        }
        grants.incrementAndGet();
        answer(exchange, 200, "{\"access_token\":\"" + accessToken + "\",\"expires_in\":3599,"
                + "\"token_type\":\"Bearer\"}");
    }

    private boolean validAssertion(String jwt) {
        try {
            String[] parts = jwt.split("\\.");
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key.getPublic());
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            long now = Instant.now().getEpochSecond();
            return rsa.verify(Base64.getUrlDecoder().decode(parts[2]))
                    && claims.path("iss").asText().equals("scanner@acme-prod.iam.gserviceaccount.com")
                    && claims.path("aud").asText().equals(base() + "/token")
                    && claims.path("scope").asText().equals(GoogleTokens.SCOPE)
                    && Math.abs(claims.path("iat").asLong() - now) < 60
                    && claims.path("exp").asLong() - claims.path("iat").asLong() == 3600;
        } catch (Exception e) {
            return false;
        }
    }

    private void metadata(HttpExchange exchange) throws IOException {
        if (!"Google".equals(exchange.getRequestHeaders().getFirst("Metadata-Flavor"))) {
            answer(exchange, 403, "{}");
            return;
        }
        grants.incrementAndGet();
        answer(exchange, 200, "{\"access_token\":\"" + accessToken + "\",\"expires_in\":3599,"
                + "\"token_type\":\"Bearer\"}");
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private Path serviceAccountKey() throws IOException {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        return Files.writeString(dir.resolve("key.json"), JSON.writeValueAsString(JSON.createObjectNode()
                .put("type", "service_account").put("project_id", "acme-prod").put("private_key_id", "k1")
                .put("private_key", pem).put("client_email", "scanner@acme-prod.iam.gserviceaccount.com")
                .put("token_uri", base() + "/token")));
    }

    @Test
    void aServiceAccountKeyGivesAnAccessTokenThatOpensTheRegistry(CapturedOutput output) throws Exception {
        try (ContainerRegistry registry = ContainerRegistry.start(RegistryOptions.defaults().withoutReceiver()
                .withCredentials(GoogleTokens.USER, accessToken))) {
            registry.pusher().push("acme-prod/images/app", "1.0.0");
            Credentials credentials = new Credentials();
            credentials.putSource(registry.host(), GoogleTokens.create(serviceAccountKey(), null,
                    Duration.ofSeconds(10)));
            RegistryReader reader = new RegistryReader(new RegistryHandler(HttpClient.newHttpClient(),
                    Duration.ofSeconds(10), credentials, HostSettings::defaults, new SimpleMeterRegistry()));
            ImageRepository image = ImageRepository.parse(registry.host() + "/acme-prod/images/app");

            assertThat(reader.listTags(image).tags()).containsExactly("1.0.0");
            assertThat(reader.listTags(image).tags()).hasSize(1);
        }
        assertThat(grants).hasValue(1);
        assertThat(output.getAll()).doesNotContain(accessToken).doesNotContain("PRIVATE KEY");
    }

    @Test
    void withoutAKeyFileTheMetadataServerGivesTheToken() throws Exception {
        GoogleTokens tokens = new GoogleTokens(null, base(), Duration.ofSeconds(10), Clock.systemUTC());

        assertThat(tokens.credential("europe-docker.pkg.dev"))
                .contains(new Credentials.Credential(GoogleTokens.USER, accessToken));
    }

    @Test
    void aUsersApplicationDefaultCredentialsUseTheRefreshGrant() throws Exception {
        Path adc = Files.writeString(dir.resolve("adc.json"), """
                {"type": "authorized_user", "client_id": "764086051850.apps.googleusercontent.com",
                 "client_secret": "d-FL95Q19q7MQmFpd7hHD0Ty", "refresh_token": "user-refresh-token",
                 "token_uri": "%s/token"}
                """.formatted(base()));

        GoogleTokens tokens = GoogleTokens.create(adc, null, Duration.ofSeconds(10));

        assertThat(tokens.credential("gcr.io")).map(Credentials.Credential::password).contains(accessToken);
        synchronized (lastForm) {
            assertThat(lastForm).containsEntry("client_id", "764086051850.apps.googleusercontent.com");
        }
    }

    @Test
    void aRefusedGrantIsAnErrorNamingTheRegistryAndTheOAuthErrorOnly() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        key = generator.generateKeyPair();
        Path file = serviceAccountKey();
        key = generator.generateKeyPair();

        GoogleTokens tokens = GoogleTokens.create(file, null, Duration.ofSeconds(10));

        assertThatThrownBy(() -> tokens.credential("europe-docker.pkg.dev"))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("europe-docker.pkg.dev")
                .hasMessageContaining("HTTP 400 (invalid_grant)")
                .hasMessageNotContaining("Signature");
    }
}
