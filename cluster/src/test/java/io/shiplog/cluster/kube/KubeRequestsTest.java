package io.shiplog.cluster.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the handler's requests send, and how they answer an API server that sheds load (a plain HTTP server plays
 * it).
 */
class KubeRequestsTest {

    private static final KubeResource CONFIG_MAPS = new KubeResource("", "v1", "ConfigMap", "configmaps", true);

    private record Answer(int code, String retryAfter, String body) {
    }

    private final Deque<Answer> answers = new ArrayDeque<>();
    /** What the server received: method, raw path and query, some headers, body. */
    private record Received(String method, String path, String query, Map<String, String> headers, String body) {
    }

    private final AtomicInteger requests = new AtomicInteger();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private KubernetesHandler handler() throws Exception {
        return handler("", client -> { });
    }

    private KubernetesHandler handler(String basePath, Consumer<ApiClient> setUp) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            Map<String, String> headers = new TreeMap<>();
            for (String name : List.of("Authorization", "Impersonate-User", "Content-Type", "Accept")) {
                String value = exchange.getRequestHeaders().getFirst(name);
                if (value != null) {
                    headers.put(name, value);
                }
            }
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), headers,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Answer answer;
            synchronized (answers) {
                answer = answers.size() > 1 ? answers.poll() : answers.peek();
            }
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.code(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        ApiClient client = new ApiClient();
        client.setBasePath("http://127.0.0.1:" + server.getAddress().getPort() + basePath);
        setUp.accept(client);
        return new KubernetesHandler("shedding", client, new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static String status(String message) {
        return "{\"kind\": \"Status\", \"message\": \"" + message + "\"}";
    }

    @Test
    void anApplyGoesUnderTheClientsBasePathWithItsTokenItsDefaultHeadersAndTheNamesEscaped() throws Exception {
        answers.add(new Answer(200, null, "{\"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"shiplog:a\"}}"));
        KubernetesHandler handler = handler("/k8s/clusters/c-1", client -> {
            client.setApiKeyPrefix("Bearer");
            client.setApiKey("t0ken");
            client.addDefaultHeader("Impersonate-User", "shiplog-deployer");
        });
        JsonObject body = JsonParser.parseString("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", "
                + "\"metadata\": {\"name\": \"shiplog:a\"}}").getAsJsonObject();

        KubeResponse applied = handler.apply(CONFIG_MAPS, "team a", "shiplog:a", body, false);
        KubeResponse read = handler.get(CONFIG_MAPS, "team a", "shiplog:a");

        assertThat(applied.isSuccess()).as(applied.toString()).isTrue();
        assertThat(read.isSuccess()).as(read.toString()).isTrue();
        assertThat(received).hasSize(2);
        Received apply = received.get(0);
        assertThat(apply.method()).isEqualTo("PATCH");
        assertThat(apply.path()).isEqualTo("/k8s/clusters/c-1/api/v1/namespaces/team%20a/configmaps/shiplog%3Aa");
        assertThat(apply.query()).isEqualTo("fieldManager=shiplog&force=true");
        assertThat(apply.headers()).containsEntry("Authorization", "Bearer t0ken")
                .containsEntry("Impersonate-User", "shiplog-deployer")
                .containsEntry("Content-Type", "application/apply-patch+yaml")
                .containsEntry("Accept", "application/json");
        assertThat(JsonParser.parseString(apply.body())).isEqualTo(body);
        Received get = received.get(1);
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.path()).isEqualTo(apply.path());
        assertThat(get.query()).isNull();
        assertThat(get.headers()).containsEntry("Authorization", "Bearer t0ken").doesNotContainKey("Content-Type");
        assertThat(get.body()).isEmpty();
    }

    @Test
    void aRequestTheServerSheddedWithTooManyRequestsIsSentAgainAfterTheTimeItAsks() throws Exception {
        answers.add(new Answer(429, "0", status("too many requests, please try again later")));
        answers.add(new Answer(503, "0", status("the server is currently unable to handle the request")));
        answers.add(new Answer(200, null, "{\"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"a\"}}"));

        KubeResponse read = handler().get(CONFIG_MAPS, "default", "a");

        assertThat(read.isSuccess()).as(read.toString()).isTrue();
        assertThat(read.object().getAsJsonObject("metadata").get("name").getAsString()).isEqualTo("a");
        assertThat(requests).hasValue(3);
    }

    @Test
    void aServerThatKeepsSheddingGetsSixTriesAndItsMessageIsTheAnswer() throws Exception {
        answers.add(new Answer(429, "0", status("too many requests, please try again later")));

        KubeResponse read = handler().get(CONFIG_MAPS, "default", "a");

        assertThat(read.code()).isEqualTo(429);
        assertThat(read.message()).isEqualTo("too many requests, please try again later");
        assertThat(requests).hasValue(6);
    }

    @Test
    void aServerErrorWithoutRetryAfterIsTheAnswerAtOnce() throws Exception {
        answers.add(new Answer(500, null, status("etcdserver: request timed out")));

        KubeResponse read = handler().get(CONFIG_MAPS, "default", "a");

        assertThat(read.code()).isEqualTo(500);
        assertThat(read.message()).isEqualTo("etcdserver: request timed out");
        assertThat(requests).hasValue(1);
    }
}
