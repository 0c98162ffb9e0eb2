package io.shiplog.auditor.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real local HTTP receiver for notifications: records every request per path and answers 200, except
 * {@code /flaky}, which answers 500 to its first request. {@link #hanging()} is a socket that accepts connections
 * and never answers.
 */
final class Receiver implements AutoCloseable {

    record Request(String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final AtomicInteger flaky = new AtomicInteger();
    private final ServerSocket hanging;

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(path, Map.copyOf(exchange.getRequestHeaders()), body));
            int status = path.equals("/flaky") && flaky.getAndIncrement() == 0 ? 500 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        hanging = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** A URL where nothing listens: connections are refused. */
    static String refusedUrl() throws IOException {
        try (ServerSocket closed = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + closed.getLocalPort() + "/refused";
        }
    }

    /** A URL whose server accepts the connection and never answers. */
    String hangingUrl() {
        return "http://127.0.0.1:" + hanging.getLocalPort() + "/dead";
    }

    List<Request> at(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    List<Request> all() {
        return List.copyOf(requests);
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        hanging.close();
    }
}
