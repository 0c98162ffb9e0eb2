package io.shiplog.local.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shiplog.local.net.LoopbackHttpServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A loopback webhook (JDK HttpServer) that records the registry's notification events in arrival order. */
final class NotificationReceiver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationReceiver.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/events";

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<RegistryEvent> events = new ArrayList<>();

    private NotificationReceiver(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static NotificationReceiver start() {
        HttpServer server;
        try {
            server = LoopbackHttpServers.create(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the registry notification receiver on loopback", e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "registry-notifications-" + server.getAddress().getPort());
            thread.setDaemon(true);
            return thread;
        });
        NotificationReceiver receiver = new NotificationReceiver(server, executor);
        server.createContext(PATH, receiver::handle);
        server.setExecutor(executor);
        server.start();
        return receiver;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    synchronized List<RegistryEvent> received() {
        return List.copyOf(events);
    }

    /** The first event (oldest first) matching {@code predicate}, waiting up to {@code timeout} for it. */
    synchronized RegistryEvent await(Predicate<RegistryEvent> predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (RegistryEvent event : events) {
                if (predicate.test(event)) {
                    return event;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("no registry notification matched within " + timeout.toMillis()
                        + " ms; received " + events.size() + ": " + summary());
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a registry notification", e);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            List<RegistryEvent> parsed;
            try {
                parsed = parse(body, exchange.getRequestHeaders());
            } catch (IOException | RuntimeException e) {
                LOG.warn("Rejected a registry notification of {} bytes that is not an event envelope: {}",
                        body.length, e.getMessage());
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            synchronized (this) {
                events.addAll(parsed);
                notifyAll();
            }
            parsed.forEach(event -> LOG.debug("Received {}", event));
            exchange.sendResponseHeaders(200, -1);
        }
    }

    static List<RegistryEvent> parse(byte[] body, Map<String, List<String>> headers) throws IOException {
        JsonNode envelope = JSON.readTree(body);
        JsonNode array = envelope == null ? null : envelope.get("events");
        if (array == null || !array.isArray()) {
            throw new IOException("no 'events' array");
        }
        List<RegistryEvent> parsed = new ArrayList<>();
        for (JsonNode event : array) {
            JsonNode target = event.path("target");
            String timestamp = text(event, "timestamp");
            parsed.add(new RegistryEvent(text(event, "id"), text(event, "action"), text(target, "repository"),
                    text(target, "tag"), text(target, "digest"), text(target, "mediaType"),
                    target.path("size").asLong(0), timestamp == null ? null : OffsetDateTime.parse(timestamp)
                    .toInstant(), text(target, "url"), text(event.path("actor"), "name"),
                    text(event.path("request"), "method"), headers));
        }
        return parsed;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }

    private String summary() {
        List<String> lines = new ArrayList<>();
        for (RegistryEvent event : events.subList(Math.max(0, events.size() - 20), events.size())) {
            lines.add(event.action() + " " + event.repository() + (event.tag() == null ? "" : ":" + event.tag())
                    + (event.digest() == null ? "" : "@" + event.digest()));
        }
        return (events.size() > 20 ? "(last 20) " : "") + String.join(", ", lines);
    }
}
