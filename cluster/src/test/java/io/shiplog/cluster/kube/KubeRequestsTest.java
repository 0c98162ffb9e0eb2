package io.shiplog.cluster.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.kubernetes.client.openapi.ApiClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the handler's requests answer an API server that sheds load (a plain HTTP server plays it). */
class KubeRequestsTest {

    private static final KubeResource CONFIG_MAPS = new KubeResource("", "v1", "ConfigMap", "configmaps", true);

    private record Answer(int code, String retryAfter, String body) {
    }

    private final Deque<Answer> answers = new ArrayDeque<>();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    private KubernetesHandler handler() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
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
        client.setBasePath("http://127.0.0.1:" + server.getAddress().getPort());
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
