package io.shiplog.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A plain in-memory stand-in for a Confluent Schema Registry on {@link HttpServer}, for unit tests: the endpoints
 * the client uses, Confluent's error JSON, a request log, and switchable faults (5xx answers, garbage, auth).
 */
public final class FakeSchemaRegistry implements AutoCloseable {

    /** One request as the fake saw it. */
    public record Request(String method, String path, String authorization, String contentType) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private record Version(int id, int version, String schema) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final String scheme;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-schema-registry");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, List<Version>> subjects = new LinkedHashMap<>();
    private final Map<Integer, String> schemasById = new HashMap<>();
    private final Map<String, String> subjectLevels = new HashMap<>();
    private String globalLevel = "BACKWARD";
    private int nextId = 1;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 500;
    private volatile boolean garbage;
    private volatile String requiredAuthorization;

    /** A plain-HTTP fake on a free loopback port. */
    public FakeSchemaRegistry() {
        this(null, false);
    }

    /** An HTTPS fake with {@code tls} (server key and, for client certificates, trust); see {@link #url()}. */
    public static FakeSchemaRegistry https(SSLContext tls, boolean needClientCertificate) {
        return new FakeSchemaRegistry(tls, needClientCertificate);
    }

    private FakeSchemaRegistry(SSLContext tls, boolean needClientCertificate) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try {
            if (tls == null) {
                server = HttpServer.create(address, 0);
            } else {
                HttpsServer https = HttpsServer.create(address, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(tls) {
                    @Override
                    public void configure(HttpsParameters params) {
                        SSLParameters parameters = tls.getDefaultSSLParameters();
                        parameters.setNeedClientAuth(needClientCertificate);
                        params.setSSLParameters(parameters);
                    }
                });
                server = https;
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake registry", e);
        }
        scheme = tls == null ? "http" : "https";
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>} (or https). */
    public String url() {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The URL with {@code userInfo} in it, e.g. {@code http://alice:secret@127.0.0.1:<port>}. */
    public String url(String userInfo) {
        return scheme + "://" + userInfo + "@127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    /** Answers the next {@code count} requests with {@code status} and Confluent's error JSON. */
    public void failNext(int count, int status) {
        failureStatus = status;
        failuresLeft.set(count);
    }

    /** Answers every request with 200 and a body that is not JSON. */
    public void answerGarbage(boolean on) {
        garbage = on;
    }

    /** Demands HTTP basic auth with these credentials; other requests get 401. */
    public void requireBasicAuth(String user, String password) {
        requiredAuthorization = RegistryAuth.basic(user, password).authorizationHeader().orElseThrow();
    }

    /** Registers directly (no HTTP request logged), returning the id. */
    public synchronized int preRegister(String subject, Schema schema) {
        return registerLocked(subject, schema.toString());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            requests.add(new Request(method, path, exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type")));
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (requiredAuthorization != null
                    && !requiredAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                error(exchange, 401, 401, "Unauthorized");
                return;
            }
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                error(exchange, failureStatus, failureStatus * 100 + 1, "Simulated failure");
                return;
            }
            if (garbage) {
                send(exchange, 200, "<html>this is not json</html>".getBytes(StandardCharsets.UTF_8));
                return;
            }
            synchronized (this) {
                route(exchange, method, path, body.length == 0 ? null : json.readTree(body));
            }
        }
    }

    private void route(HttpExchange exchange, String method, String path, JsonNode body) throws IOException {
        String[] parts = path.substring(1).split("/");
        for (int i = 0; i < parts.length; i++) {
            parts[i] = URLDecoder.decode(parts[i], StandardCharsets.UTF_8);
        }
        if (method.equals("POST") && parts.length == 3 && parts[0].equals("subjects") && parts[2].equals("versions")) {
            ObjectNode answer = json.createObjectNode();
            answer.put("id", registerLocked(parts[1], body.get("schema").asText()));
            ok(exchange, answer);
        } else if (method.equals("POST") && parts.length == 2 && parts[0].equals("subjects")) {
            lookup(exchange, parts[1], body.get("schema").asText());
        } else if (method.equals("GET") && parts.length == 4 && parts[0].equals("subjects")
                && parts[3].equals("latest")) {
            List<Version> versions = subjects.get(parts[1]);
            if (versions == null) {
                error(exchange, 404, 40401, "Subject '" + parts[1] + "' not found.");
            } else {
                ok(exchange, versionJson(parts[1], versions.get(versions.size() - 1)));
            }
        } else if (method.equals("GET") && parts.length == 3 && parts[0].equals("schemas")) {
            String schema = schemasById.get(Integer.parseInt(parts[2]));
            if (schema == null) {
                error(exchange, 404, 40403, "Schema " + parts[2] + " not found");
            } else {
                ObjectNode answer = json.createObjectNode();
                answer.put("schema", schema);
                ok(exchange, answer);
            }
        } else if (method.equals("POST") && parts.length == 5 && parts[0].equals("compatibility")) {
            compatibility(exchange, parts[2], body.get("schema").asText());
        } else if (parts[0].equals("config")) {
            config(exchange, method, parts.length > 1 ? parts[1] : null, body);
        } else {
            error(exchange, 404, 404, "HTTP 404 Not Found");
        }
    }

    private void lookup(HttpExchange exchange, String subject, String text) throws IOException {
        List<Version> versions = subjects.get(subject);
        if (versions == null) {
            error(exchange, 404, 40401, "Subject '" + subject + "' not found.");
            return;
        }
        Schema wanted = new Schema.Parser().parse(text);
        for (Version version : versions) {
            if (new Schema.Parser().parse(version.schema()).equals(wanted)) {
                ok(exchange, versionJson(subject, version));
                return;
            }
        }
        error(exchange, 404, 40403, "Schema not found");
    }

    private void compatibility(HttpExchange exchange, String subject, String text) throws IOException {
        List<Version> versions = subjects.get(subject);
        ObjectNode answer = json.createObjectNode();
        if (versions == null) {
            answer.put("is_compatible", true);
        } else {
            Schema latest = new Schema.Parser().parse(versions.get(versions.size() - 1).schema());
            var result = SchemaCompatibility.checkReaderWriterCompatibility(new Schema.Parser().parse(text), latest);
            boolean compatible = result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
            answer.put("is_compatible", compatible);
            if (!compatible) {
                answer.putArray("messages").add(result.getDescription());
            }
        }
        ok(exchange, answer);
    }

    private void config(HttpExchange exchange, String method, String subject, JsonNode body) throws IOException {
        ObjectNode answer = json.createObjectNode();
        if (method.equals("PUT")) {
            String level = body.get("compatibility").asText();
            if (subject == null) {
                globalLevel = level;
            } else {
                subjectLevels.put(subject, level);
            }
            answer.put("compatibility", level);
        } else if (subject == null) {
            answer.put("compatibilityLevel", globalLevel);
        } else if (subjectLevels.containsKey(subject)) {
            answer.put("compatibilityLevel", subjectLevels.get(subject));
        } else {
            error(exchange, 404, 40408, "Subject '" + subject + "' does not have subject-level compatibility "
                    + "configured");
            return;
        }
        ok(exchange, answer);
    }

    private int registerLocked(String subject, String text) {
        Schema schema = new Schema.Parser().parse(text);
        List<Version> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        for (Version version : versions) {
            if (new Schema.Parser().parse(version.schema()).equals(schema)) {
                return version.id();
            }
        }
        int id = schemasById.entrySet().stream()
                .filter(e -> new Schema.Parser().parse(e.getValue()).equals(schema))
                .mapToInt(Map.Entry::getKey).findFirst().orElseGet(() -> nextId++);
        schemasById.put(id, text);
        versions.add(new Version(id, versions.size() + 1, text));
        return id;
    }

    private ObjectNode versionJson(String subject, Version version) {
        ObjectNode answer = json.createObjectNode();
        answer.put("subject", subject);
        answer.put("id", version.id());
        answer.put("version", version.version());
        answer.put("schema", version.schema());
        return answer;
    }

    private void ok(HttpExchange exchange, JsonNode answer) throws IOException {
        send(exchange, 200, json.writeValueAsBytes(answer));
    }

    private void error(HttpExchange exchange, int status, int code, String message) throws IOException {
        ObjectNode answer = json.createObjectNode();
        answer.put("error_code", code);
        answer.put("message", message);
        send(exchange, status, json.writeValueAsBytes(answer));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
