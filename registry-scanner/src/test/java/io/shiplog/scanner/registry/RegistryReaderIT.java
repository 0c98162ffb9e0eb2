package io.shiplog.scanner.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.local.oci.ContainerRegistry;
import io.shiplog.local.oci.PushedImage;
import io.shiplog.schemas.image.ImageRepository;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The registry client against the real Debian registry, and against small HTTP servers that misbehave. */
class RegistryReaderIT {

    private final String suffix = UUID.randomUUID().toString().substring(0, 6);

    private static RegistryReader reader(String host, String user, String password, int pageSize) {
        return reader(host, user, password, pageSize, Duration.ofSeconds(2));
    }

    private static RegistryReader reader(String host, String user, String password, int pageSize, Duration timeout) {
        Credentials credentials = new Credentials();
        if (user != null) {
            credentials.put(host, new Credentials.Credential(user, password));
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return new RegistryReader(new RegistryHandler(http, timeout, credentials,
                h -> new HostSettings(HostSettings.defaults(h).baseUrl(), pageSize, 4), new SimpleMeterRegistry()));
    }

    @Test
    void listsEveryTagAcrossPagesAndReadsDigestsWithBasicAuth() throws Exception {
        ContainerRegistry registry = ContainerRegistry.shared();
        String repo = "reader-" + suffix + "/app";
        PushedImage one = registry.pusher().push(repo, "1.0.0");
        registry.pusher().push(repo, "1.1.0");
        registry.pusher().push(repo, "2.0.0");
        RegistryReader reader = reader(registry.host(), registry.username(), registry.password(), 2);
        ImageRepository image = ImageRepository.parse(registry.host() + "/" + repo);

        RegistryReader.TagList list = reader.listTags(image);
        assertThat(list.tags()).containsExactlyInAnyOrder("1.0.0", "1.1.0", "2.0.0");
        assertThat(reader.head(image, "1.0.0")).contains(new RegistryReader.Head(one.digest(), one.mediaType()));
        ManifestInfo info = reader.inspect(image, one.digest());
        assertThat(info.createdAt()).isEqualTo(one.created());
        assertThat(info.platforms()).extracting(ManifestInfo.Platform::architecture).containsExactly("amd64");
    }

    @Test
    void aWrongPasswordGivesAClearErrorWithoutThePassword() {
        ContainerRegistry registry = ContainerRegistry.shared();
        registry.pusher().push("reader-" + suffix + "/locked", "1.0");
        RegistryReader reader = reader(registry.host(), registry.username(), "wrong-password-5521", 100);

        assertThatThrownBy(() -> reader.listTags(
                ImageRepository.parse(registry.host() + "/reader-" + suffix + "/locked")))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("refused the credentials of user " + registry.username())
                .hasMessageNotContaining("wrong-password-5521")
                .satisfies(e -> assertThat(((RegistryException) e).reason())
                        .isEqualTo(RegistryException.Reason.UNAUTHORIZED));
    }

    @Test
    void aDeletedRepositoryIsNotFound() {
        ContainerRegistry registry = ContainerRegistry.shared();
        RegistryReader reader = reader(registry.host(), registry.username(), registry.password(), 100);

        assertThatThrownBy(() -> reader.listTags(ImageRepository.parse(registry.host() + "/never-" + suffix + "/x")))
                .hasMessageContaining("does not exist").hasMessageContaining(registry.host());
    }

    /** A registry that answers tags/list with {@code handler}. */
    private static <T> T withServer(Consumer<com.sun.net.httpserver.HttpExchange> handler,
                                    ThrowingFunction<String, T> test) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            handler.accept(exchange);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        try {
            return test.apply("127.0.0.1:" + server.getAddress().getPort());
        } finally {
            server.stop(0);
        }
    }

    interface ThrowingFunction<A, B> {
        B apply(A a) throws Exception;
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String link, String body) {
        try {
            if (link != null) {
                exchange.getResponseHeaders().add("Link", link);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (java.io.IOException e) {
            // the client went away
        }
    }

    @Test
    void followsLinkPaginationOnTheSameHost() throws Exception {
        RegistryReader.TagList list = withServer(ex -> {
            boolean second = ex.getRequestURI().getQuery().contains("last=b");
            answer(ex, 200, second ? null : "</v2/a/tags/list?n=2&last=b>; rel=\"next\"",
                    second ? "{\"tags\":[\"c\"]}" : "{\"tags\":[\"a\",\"b\"]}");
        }, host -> reader(host, null, null, 2).listTags(ImageRepository.parse(host + "/a")));

        assertThat(list.tags()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(list.pages()).isEqualTo(2);
    }

    @Test
    void refusesGarbageAndTruncatedJson() throws Exception {
        for (String body : new String[] {"<html>oops</html>", "{\"name\":\"a\",\"tags\":[\"1.0\",\"1.1"}) {
            withServer(ex -> answer(ex, 200, null, body), host -> {
                assertThatThrownBy(() -> reader(host, null, null, 100).listTags(ImageRepository.parse(host + "/a")))
                        .hasMessageContaining("unreadable tags list for " + host + "/a");
                return null;
            });
        }
    }

    @Test
    void refusesALinkToAnotherHostAndALinkThatLoops() throws Exception {
        withServer(ex -> answer(ex, 200, "<https://evil.example/v2/a/tags/list?n=1>; rel=\"next\"",
                "{\"tags\":[\"1\"]}"), host -> {
            assertThatThrownBy(() -> reader(host, null, null, 100).listTags(ImageRepository.parse(host + "/a")))
                    .hasMessageContaining("Link header to another host (evil.example)");
            return null;
        });
        withServer(ex -> answer(ex, 200, "</v2/a/tags/list?n=100>; rel=\"next\"", "{\"tags\":[\"1\"]}"), host -> {
            assertThatThrownBy(() -> reader(host, null, null, 100).listTags(ImageRepository.parse(host + "/a")))
                    .hasMessageContaining("loops back");
            return null;
        });
    }

    @Test
    void dropsTagsThatBreakTheGrammarAndStreamsAMillionTags() throws Exception {
        StringBuilder body = new StringBuilder("{\"name\":\"a\",\"tags\":[\"bad\\ntag\",\"a:b\",\"{x: y}\"");
        for (int i = 0; i < 1_000_000; i++) {
            body.append(",\"v").append(i).append('"');
        }
        String json = body.append("]}").toString();
        RegistryReader.TagList list = withServer(ex -> answer(ex, 200, null, json),
                host -> reader(host, null, null, 100, Duration.ofSeconds(30)).listTags(ImageRepository.parse(host
                        + "/a")));

        assertThat(list.tags()).hasSize(1_000_000).contains("v0", "v999999");
        assertThat(list.rejected()).containsExactly("bad\ntag", "a:b", "{x: y}");
    }

    @Test
    void followsARedirectToAnotherHostWithoutSendingTheRegistryCredentialsThere() throws Exception {
        java.util.List<String> storageSaw = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer storage = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        storage.createContext("/", ex -> {
            storageSaw.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            answer(ex, 200, null, "{\"tags\":[\"1.0.0\",\"1.1.0\"]}");
            ex.close();
        });
        storage.start();
        try {
            // "localhost" is another origin than the registry's "127.0.0.1", as blob storage or a CDN would be
            String elsewhere = "http://localhost:" + storage.getAddress().getPort() + "/bucket/tags?sig=abc";
            RegistryReader.TagList list = withServer(ex -> {
                if (ex.getRequestHeaders().getFirst("Authorization") == null) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"registry\"");
                    answer(ex, 401, null, "{}");
                } else {
                    ex.getResponseHeaders().add("Location", elsewhere);
                    answer(ex, 307, null, "");
                }
            }, host -> reader(host, "robot", "registry-password-8812", 100).listTags(
                    ImageRepository.parse(host + "/a")));

            assertThat(list.tags()).containsExactlyInAnyOrder("1.0.0", "1.1.0");
            assertThat(storageSaw).containsExactly("null");
        } finally {
            storage.stop(0);
        }
    }

    @Test
    void refusesARedirectLoopNamingTheRegistry() throws Exception {
        withServer(ex -> {
            ex.getResponseHeaders().add("Location", "/v2/a/tags/list?again=" + System.nanoTime());
            answer(ex, 302, null, "");
        }, host -> {
            assertThatThrownBy(() -> reader(host, null, null, 100).listTags(ImageRepository.parse(host + "/a")))
                    .hasMessageContaining("redirected more than 5 times").hasMessageContaining(host);
            return null;
        });
    }

    @Test
    void aRegistryThatTricklesItsBodyIsCutOffAtTheDeadline() throws Exception {
        withServer(ex -> {
            try {
                ex.sendResponseHeaders(200, 0); // headers at once, then a byte a second, for ever
                OutputStream out = ex.getResponseBody();
                out.write("{\"tags\":[".getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < 60; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(1_000);
                }
            } catch (java.io.IOException | InterruptedException e) {
                // cut off by the client
            }
        }, host -> {
            assertThatThrownBy(() -> reader(host, null, null, 100).listTags(ImageRepository.parse(host + "/a")))
                    .hasMessageContaining("did not arrive within 2000 ms").satisfies(e -> assertThat(
                            ((RegistryException) e).reason()).isEqualTo(RegistryException.Reason.TIMEOUT));
            return null;
        });
    }

    @Test
    void aSlowRegistryTimesOut() throws Exception {
        withServer(ex -> {
            try {
                Thread.sleep(4_000);
            } catch (InterruptedException e) {
                return;
            }
            answer(ex, 200, null, "{\"tags\":[]}");
        }, host -> {
            assertThatThrownBy(() -> reader(host, null, null, 100).listTags(ImageRepository.parse(host + "/a")))
                    .hasMessageContaining("did not answer in time").satisfies(e -> assertThat(
                            ((RegistryException) e).reason()).isEqualTo(RegistryException.Reason.TIMEOUT));
            return null;
        });
    }

    @Test
    void aTlsErrorIsNamedAsSuch() throws Exception {
        // plain HTTP where TLS is expected: the handshake fails
        withServer(ex -> answer(ex, 200, null, "{}"), host -> {
            Credentials none = new Credentials();
            RegistryReader reader = new RegistryReader(new RegistryHandler(HttpClient.newHttpClient(),
                    Duration.ofSeconds(2), none, h -> new HostSettings(URI.create("https://" + h), 100, 2),
                    new SimpleMeterRegistry()));
            assertThatThrownBy(() -> reader.listTags(ImageRepository.parse(host + "/a")))
                    .isInstanceOf(RegistryException.class).hasMessageContaining(host);
            return null;
        });
    }
}
