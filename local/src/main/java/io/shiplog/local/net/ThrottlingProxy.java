package io.shiplog.local.net;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A loopback HTTP reverse proxy in front of a real server (a registry), which records every request it answers
 * and can push back like a rate-limited service: the next requests are answered {@code 429} or {@code 503} with a
 * {@code Retry-After} in seconds or as an HTTP date, without reaching the server. Everything else is relayed as is
 * (credentials included; redirects are passed back, not followed).
 */
public final class ThrottlingProxy implements AutoCloseable {

    /** Headers that belong to one hop (RFC 9110 §7.6.1) or that the JDK client sets itself. */
    private static final Set<String> NOT_RELAYED = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length", "expect");

    /** One answered request: what was asked, what the client got, and when the request arrived. */
    public record Exchange(String method, String path, String query, int status, Instant at) {
    }

    /** How the proxy pushes back once. */
    public record PushBack(int status, Duration retryAfter, boolean httpDate) {

        /** {@code status} with {@code Retry-After: <seconds>}. */
        public static PushBack seconds(int status, Duration retryAfter) {
            return new PushBack(status, retryAfter, false);
        }

        /** {@code status} with {@code Retry-After: <HTTP date retryAfter from now>}. */
        public static PushBack httpDate(int status, Duration retryAfter) {
            return new PushBack(status, retryAfter, true);
        }

        String header(Instant now) {
            if (!httpDate) {
                return Long.toString(retryAfter.toSeconds());
            }
            // an HTTP date has whole seconds: round up so the client never waits less than asked
            Instant until = now.plus(retryAfter).plusMillis(999);
            return DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT)
                    .format(until.atOffset(ZoneOffset.UTC));
        }
    }

    private final URI target;
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "throttling-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final List<Exchange> exchanges = new ArrayList<>();
    private final Deque<Rule> pushBacks = new ArrayDeque<>();

    private record Rule(Predicate<String> paths, PushBack pushBack) {
    }

    private ThrottlingProxy(URI target) throws IOException {
        this.target = target;
        this.server = LoopbackHttpServers.create(0, 64);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    /** A proxy on a free loopback port relaying to {@code target} (scheme, host and port). */
    public static ThrottlingProxy start(URI target) throws IOException {
        return new ThrottlingProxy(target);
    }

    /** Where clients reach the proxy: {@code http://127.0.0.1:<port>}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Answers the next {@code times} requests whose path {@code paths} accepts with {@code pushBack} instead of
     * relaying them (in the order given, after the push-backs asked for before).
     */
    public void pushBack(int times, Predicate<String> paths, PushBack pushBack) {
        synchronized (pushBacks) {
            for (int i = 0; i < times; i++) {
                pushBacks.add(new Rule(paths, pushBack));
            }
        }
    }

    /** Push-backs not answered yet. */
    public int pushBacksLeft() {
        synchronized (pushBacks) {
            return pushBacks.size();
        }
    }

    /** Every request answered so far, in order. */
    public List<Exchange> exchanges() {
        synchronized (exchanges) {
            return List.copyOf(exchanges);
        }
    }

    /** The requests answered so far that {@code which} accepts. */
    public List<Exchange> exchanges(Predicate<Exchange> which) {
        return exchanges().stream().filter(which).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Instant arrived = Instant.now();
            URI uri = exchange.getRequestURI();
            PushBack pushBack = null;
            synchronized (pushBacks) {
                for (Rule rule : pushBacks) {
                    if (rule.paths().test(uri.getRawPath())) {
                        pushBacks.remove(rule);
                        pushBack = rule.pushBack();
                        break;
                    }
                }
            }
            if (pushBack != null) {
                exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
                exchange.getResponseHeaders().add("Retry-After", pushBack.header(Instant.now()));
                exchange.sendResponseHeaders(pushBack.status(), -1);
                record(exchange, uri, pushBack.status(), arrived);
                return;
            }
            HttpResponse<byte[]> response;
            try {
                response = relay(exchange, uri);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            } catch (IOException e) {
                exchange.sendResponseHeaders(502, -1);
                record(exchange, uri, 502, arrived);
                return;
            }
            for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
                if (!header.getKey().startsWith(":") && !NOT_RELAYED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    exchange.getResponseHeaders().put(header.getKey(), header.getValue());
                }
            }
            byte[] body = response.body();
            boolean noBody = exchange.getRequestMethod().equals("HEAD") || body.length == 0
                    || response.statusCode() == 204 || response.statusCode() == 304;
            exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : body.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            record(exchange, uri, response.statusCode(), arrived);
        }
    }

    private HttpResponse<byte[]> relay(HttpExchange exchange, URI uri) throws IOException, InterruptedException {
        URI to = target.resolve(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(to).timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (!NOT_RELAYED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private void record(HttpExchange exchange, URI uri, int status, Instant arrived) {
        synchronized (exchanges) {
            exchanges.add(new Exchange(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), status,
                    arrived));
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
