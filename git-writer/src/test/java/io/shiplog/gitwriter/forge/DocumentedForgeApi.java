package io.shiplog.gitwriter.forge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local HTTP server answering like one forge's documented pull-request API (the request paths, bodies and
 * response fields of each forge's API reference, written here as fixtures), keeping the pull requests it was asked
 * to open in memory. Records every request; can be told to fail the next calls with a status.
 */
final class DocumentedForgeApi implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request as received. */
    record Request(String method, String path, String query, Map<String, List<String>> headers, JsonNode body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    /** A pull request the server holds: number, head, base, title, body, state, merge asked. */
    static final class Pull {
        final int number;
        final String head;
        final String base;
        String title;
        String body;
        String state = "open";
        JsonNode merge;

        Pull(int number, String head, String base, String title, String body) {
            this.number = number;
            this.head = head;
            this.base = base;
            this.title = title;
            this.body = body;
        }
    }

    /** How one forge's documented API answers; {@code null} for a route it does not have. */
    interface Dialect {
        Answer answer(DocumentedForgeApi api, Request request);
    }

    record Answer(int status, Object body) {
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    final List<Pull> pulls = new CopyOnWriteArrayList<>();
    private final AtomicInteger numbers = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus;
    private volatile String failBody = "";
    private final HttpServer server;
    private final Dialect dialect;

    DocumentedForgeApi(Dialect dialect) throws IOException {
        this.dialect = dialect;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri(String root) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + root);
    }

    /** The next {@code count} requests answer {@code status} with {@code body}. */
    void failNext(int count, int status, String body) {
        failStatus = status;
        failBody = body;
        failNext.set(count);
    }

    Pull add(String head, String base, String title, String body) {
        Pull pull = new Pull(numbers.incrementAndGet(), head, base, title, body);
        pulls.add(pull);
        return pull;
    }

    Pull pull(int number) {
        return pulls.stream().filter(p -> p.number == number).findFirst().orElse(null);
    }

    List<Pull> open() {
        return pulls.stream().filter(p -> p.state.equals("open")).toList();
    }

    /** The number in {@code path} after {@code prefix} (e.g. {@code /pulls/}), or -1. */
    static int number(String path, String regex) {
        Matcher m = Pattern.compile(regex).matcher(path);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode body = text.isBlank() ? object() : JSON.readTree(text);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body);
            requests.add(request);
            Answer answer;
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answer = new Answer(failStatus, failBody);
            } else {
                answer = dialect.answer(this, request);
                if (answer == null) {
                    answer = new Answer(404, Map.of("message", "Not Found"));
                }
            }
            byte[] out = (answer.body() instanceof String s ? s : JSON.writeValueAsString(answer.body()))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
        }
    }

    /** The requests whose method and path match. */
    List<Request> requests(String method, String pathRegex) {
        List<Request> out = new ArrayList<>();
        for (Request r : requests) {
            if (r.method().equals(method) && r.path().matches(pathRegex)) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
