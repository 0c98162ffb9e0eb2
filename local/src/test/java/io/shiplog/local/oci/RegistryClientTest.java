package io.shiplog.local.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a fake registry that demands bearer tokens, as Docker Hub or Harbor do. */
class RegistryClientTest {

    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString("alice:pw".getBytes(StandardCharsets.UTF_8));

    private final List<String> tokenQueries = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private URI base;

    @BeforeEach
    void startFakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        server.createContext("/token", exchange -> {
            tokenQueries.add(exchange.getRequestURI().getRawQuery());
            if (BASIC.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 200, "{\"token\": \"tok-123\"}");
            } else {
                respond(exchange, 401, "{}");
            }
        });
        server.createContext("/v2/", exchange -> {
            if ("Bearer tok-123".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 200, "{\"tags\": [\"v1\"]}");
            } else {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + base + "/token\","
                        + "service=\"fake-registry\",scope=\"repository:team/app:pull,push\"");
                respond(exchange, 401, "{\"errors\": [{\"code\": \"UNAUTHORIZED\"}]}");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void answersABearerChallengeWithATokenFetchedUsingTheCredentials() {
        RegistryClient client = new RegistryClient(base, "alice", "pw", Duration.ofSeconds(5));

        HttpResponse<byte[]> response = client.send(client.request("/v2/team/app/tags/list").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(tokenQueries).containsExactly("service=fake-registry&scope=repository%3Ateam%2Fapp%3Apull%2Cpush");
        client.send(client.request("/v2/team/app/tags/list").GET());
        assertThat(tokenQueries).as("the token is reused").hasSize(1);
    }

    @Test
    void failsWhenTheTokenEndpointRefusesTheCredentialsWithoutShowingThem() {
        RegistryClient client = new RegistryClient(base, "alice", "wrong-pw", Duration.ofSeconds(5));

        assertThatThrownBy(() -> client.send(client.request("/v2/team/app/tags/list").GET()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HTTP 401").hasMessageContaining("repository:team/app:pull,push")
                .hasMessageNotContaining("wrong-pw");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
