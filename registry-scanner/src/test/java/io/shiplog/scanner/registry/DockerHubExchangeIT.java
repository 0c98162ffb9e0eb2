package io.shiplog.scanner.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.schemas.image.ImageRepository;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Docker Hub's token flow as documented (distribution's token authentication specification; Docker Hub's rate-limit
 * headers), played by a loopback server standing for both {@code registry-1.docker.io} and {@code auth.docker.io}:
 * the real Hub is not reachable from here, so these are tests against the documented exchange only.
 */
@ExtendWith(OutputCaptureExtension.class)
class DockerHubExchangeIT {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final ImageRepository ALPINE = ImageRepository.parse("alpine");

    private HttpServer server;
    private final List<String> tokenAuthorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    /** The token the registry side accepts; another one is answered with 401 and the challenge. */
    private volatile String accepted = "token-1";
    private volatile boolean accessTokenOnly;
    private volatile String expiresIn = ",\"expires_in\":300";
    private volatile String remaining = "98;w=21600";
    private String url;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", this::token);
        server.createContext("/v2/", this::registry);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** {@code GET /token?service=registry.docker.io&scope=…}: {@code token}, {@code access_token}, expires_in 300. */
    private void token(HttpExchange exchange) throws IOException {
        tokenAuthorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        String query = exchange.getRequestURI().getQuery();
        if (!query.contains("service=registry.docker.io") || !query.contains("scope=repository:library/alpine:pull")) {
            answer(exchange, 400, "{\"details\":\"bad scope\"}");
            return;
        }
        String token = "token-" + tokensIssued.incrementAndGet();
        answer(exchange, 200, accessTokenOnly
                ? "{\"access_token\":\"" + token + "\"" + expiresIn + ",\"issued_at\":\"2026-12-07T08:00:00Z\"}"
                : "{\"token\":\"" + token + "\",\"access_token\":\"" + token + "\"" + expiresIn
                + ",\"issued_at\":\"2026-12-07T08:00:00Z\"}");
    }

    private void registry(HttpExchange exchange) throws IOException {
        String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        if (accepted == null ? !authorization.startsWith("Bearer token-") : !("Bearer " + accepted)
                .equals(authorization)) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + url + "/token\","
                    + "service=\"registry.docker.io\",scope=\"repository:library/alpine:pull\"");
            answer(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (path.endsWith("/tags/list")) {
            answer(exchange, 200, "{\"name\":\"library/alpine\",\"tags\":[\"3.19\",\"3.20\"]}");
            return;
        }
        exchange.getResponseHeaders().add("ratelimit-limit", "100;w=21600");
        exchange.getResponseHeaders().add("ratelimit-remaining", remaining);
        exchange.getResponseHeaders().add("docker-ratelimit-source", "192.0.2.1");
        exchange.getResponseHeaders().add("Docker-Content-Digest", DIGEST);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.index.v1+json");
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private final AtomicLong nanos = new AtomicLong();

    private RegistryHandler handler(Credentials credentials, SimpleMeterRegistry meters) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return new RegistryHandler(http, Duration.ofSeconds(5), credentials,
                host -> new HostSettings(URI.create(url), 100, 4), meters, nanos::get);
    }

    /** Tokens are accepted however old: only the client's own clock decides when it fetches a new one. */
    private void acceptEveryToken() {
        accepted = null;
    }

    @Test
    void followsTheAnonymousTokenFlowAndKeepsTheTokenForTheScope() throws Exception {
        RegistryReader reader = new RegistryReader(handler(new Credentials(), new SimpleMeterRegistry()));

        assertThat(reader.listTags(ALPINE).tags()).containsExactlyInAnyOrder("3.19", "3.20");
        assertThat(reader.head(ALPINE, "3.20")).map(RegistryReader.Head::digest).contains(DIGEST);

        assertThat(tokenAuthorizations).containsExactly("null");
    }

    @Test
    void sendsBasicCredentialsToTheTokenServiceAndReadsAnAccessTokenOnlyAnswer() throws Exception {
        accessTokenOnly = true;
        Credentials credentials = new Credentials();
        credentials.put("docker.io", new Credentials.Credential("hubuser", "dckr_pat_secret"));
        RegistryReader reader = new RegistryReader(handler(credentials, new SimpleMeterRegistry()));

        assertThat(reader.listTags(ALPINE).tags()).hasSize(2);

        assertThat(tokenAuthorizations).containsExactly(new Credentials.Credential("hubuser", "dckr_pat_secret")
                .basicHeader());
    }

    @Test
    void keepsATokenForItsExpiresInLessAMargin() throws Exception {
        acceptEveryToken();
        RegistryReader reader = new RegistryReader(handler(new Credentials(), new SimpleMeterRegistry()));
        reader.listTags(ALPINE);

        nanos.addAndGet(Duration.ofSeconds(290).toNanos());
        reader.listTags(ALPINE);
        assertThat(tokensIssued).hasValue(1);

        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        reader.listTags(ALPINE);
        assertThat(tokensIssued).hasValue(2);
    }

    @Test
    void aTokenWithoutExpiresInIsKeptSixtySecondsLessAMargin() throws Exception {
        acceptEveryToken();
        expiresIn = "";
        RegistryReader reader = new RegistryReader(handler(new Credentials(), new SimpleMeterRegistry()));
        reader.listTags(ALPINE);

        nanos.addAndGet(Duration.ofSeconds(50).toNanos());
        reader.listTags(ALPINE);
        assertThat(tokensIssued).hasValue(1);

        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        reader.listTags(ALPINE);
        assertThat(tokensIssued).hasValue(2);
    }

    @Test
    void replacesAKeptTokenThatTheRegistryStopsAccepting() throws Exception {
        RegistryReader reader = new RegistryReader(handler(new Credentials(), new SimpleMeterRegistry()));
        assertThat(reader.listTags(ALPINE).tags()).hasSize(2);

        accepted = "token-2";

        assertThat(reader.listTags(ALPINE).tags()).hasSize(2);
        assertThat(tokensIssued).hasValue(2);
    }

    @Test
    void exposesThePullQuotaAndWarnsOnceWhenItRunsLow(CapturedOutput output) throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RegistryReader reader = new RegistryReader(handler(new Credentials(), meters));

        reader.head(ALPINE, "3.20");
        assertThat(meters.get("shiplog.scanner.registry.ratelimit.remaining").tag("host", ALPINE.apiHost()).gauge()
                .value()).isEqualTo(98);
        assertThat(meters.get("shiplog.scanner.registry.ratelimit.limit").tag("host", ALPINE.apiHost()).gauge()
                .value()).isEqualTo(100);
        assertThat(output.getAll()).doesNotContain("more pulls");

        remaining = "7;w=21600";
        reader.head(ALPINE, "3.20");
        remaining = "6;w=21600";
        reader.head(ALPINE, "3.20");

        assertThat(meters.get("shiplog.scanner.registry.ratelimit.remaining").tag("host", ALPINE.apiHost()).gauge()
                .value()).isEqualTo(6);
        assertThat(output.getAll()).containsOnlyOnce("registry " + ALPINE.apiHost() + " allows 7 more pulls of 100 "
                + "in its 21600 s window");
        assertThat(output.getAll()).doesNotContain("token-1");
    }
}
