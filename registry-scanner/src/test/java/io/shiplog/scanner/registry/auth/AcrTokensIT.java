package io.shiplog.scanner.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * ACR's documented exchange, played by a loopback server standing for Microsoft Entra ID and the registry (no Azure
 * endpoint is reachable here): client credentials or a federated token → Entra access token → {@code POST
 * /oauth2/exchange} → ACR refresh token → {@code POST /oauth2/token} per scope → the registry's access token.
 */
@ExtendWith(OutputCaptureExtension.class)
class AcrTokensIT {

    private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    @TempDir
    Path dir;

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> forms = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private String host;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        host = "127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        calls.add(exchange.getRequestMethod() + " " + path);
        Map<String, String> form = form(exchange);
        forms.add(form);
        if (path.equals("/" + TENANT + "/oauth2/v2.0/token")) {
            boolean secret = "sp-secret-value".equals(form.get("client_secret"));
            boolean federated = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
                    .equals(form.get("client_assertion_type")) && "federated-jwt".equals(form.get("client_assertion"));
            answer(exchange, secret || federated ? 200 : 401, secret || federated
                    ? "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"aad-access-token\"}"
                    : "{\"error\":\"invalid_client\"}");
        } else if (path.equals("/oauth2/exchange")) {
            boolean ok = "access_token".equals(form.get("grant_type")) && host.equals(form.get("service"))
                    && TENANT.equals(form.get("tenant")) && "aad-access-token".equals(form.get("access_token"));
            answer(exchange, ok ? 200 : 401, ok ? "{\"refresh_token\":\"acr-refresh-token\"}" : "{}");
        } else if (path.equals("/oauth2/token")) {
            boolean ok = "refresh_token".equals(form.get("grant_type")) && host.equals(form.get("service"))
                    && "repository:team/app:pull".equals(form.get("scope"))
                    && "acr-refresh-token".equals(form.get("refresh_token"));
            answer(exchange, ok ? 200 : 401, ok ? "{\"access_token\":\"acr-access-token\"}" : "{}");
        } else if ("Bearer acr-access-token".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 200, "{\"name\":\"team/app\",\"tags\":[\"1.0.0\",\"1.1.0\"]}");
        } else {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + host + "/oauth2/token\","
                    + "service=\"" + host + "\",scope=\"repository:team/app:pull\"");
            answer(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
        }
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        Map<String, String> form = new HashMap<>();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        for (String pair : body.isEmpty() ? new String[0] : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return form;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private RegistryReader reader(AcrTokens tokens) {
        Credentials credentials = new Credentials();
        credentials.putSource(host, tokens);
        return new RegistryReader(new RegistryHandler(HttpClient.newHttpClient(), Duration.ofSeconds(10), credentials,
                HostSettings::defaults, new SimpleMeterRegistry()));
    }

    @Test
    void aServicePrincipalsSecretLeadsThroughTheExchangeToTheTags(CapturedOutput output) throws Exception {
        URI base = URI.create("http://" + host);
        RegistryReader reader = reader(AcrTokens.create(base, base, TENANT, "scanner-app", "sp-secret-value", null,
                Duration.ofSeconds(10)));

        assertThat(reader.listTags(ImageRepository.parse(host + "/team/app")).tags())
                .containsExactlyInAnyOrder("1.0.0", "1.1.0");

        assertThat(calls).containsExactly("GET /v2/team/app/tags/list", "POST /" + TENANT + "/oauth2/v2.0/token",
                "POST /oauth2/exchange", "POST /oauth2/token", "GET /v2/team/app/tags/list");
        assertThat(forms.get(1)).containsEntry("grant_type", "client_credentials")
                .containsEntry("client_id", "scanner-app")
                .containsEntry("scope", "https://management.azure.com/.default");
        assertThat(output.getAll()).doesNotContain("sp-secret-value").doesNotContain("acr-refresh-token")
                .doesNotContain("aad-access-token");
    }

    @Test
    void aWorkloadIdentityPresentsItsFederatedToken() throws Exception {
        Path token = Files.writeString(dir.resolve("azure-identity-token"), "federated-jwt\n");
        URI base = URI.create("http://" + host);
        RegistryReader reader = reader(AcrTokens.create(base, base, TENANT, "scanner-app", null, token,
                Duration.ofSeconds(10)));

        assertThat(reader.listTags(ImageRepository.parse(host + "/team/app")).tags()).hasSize(2);
        assertThat(forms.get(1)).containsEntry("client_assertion", "federated-jwt")
                .doesNotContainKey("client_secret");
    }
}
