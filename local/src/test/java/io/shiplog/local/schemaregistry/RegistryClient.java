package io.shiplog.local.schemaregistry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A plain JDK HTTP client speaking to the registry in tests, with timeouts on every call. */
final class RegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One answer: status, headers, raw body and the body as JSON (null if it is not JSON). */
    record Reply(int status, HttpHeaders headers, String body, JsonNode json) {

        int errorCode() {
            return json.path("error_code").asInt(-1);
        }

        String message() {
            return json.path("message").asText();
        }

        int id() {
            return json.path("id").asInt(-1);
        }
    }

    private final String url;
    private final String authorization;

    RegistryClient(String url) {
        this(url, null);
    }

    private RegistryClient(String url, String authorization) {
        this.url = url;
        this.authorization = authorization;
    }

    RegistryClient withBasicAuth(String user, String password) {
        return new RegistryClient(url, "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    Reply get(String path) {
        return send(request(path).GET());
    }

    Reply delete(String path) {
        return send(request(path).DELETE());
    }

    Reply post(String path, String body) {
        return send(request(path).header("Content-Type", CONTENT_TYPE).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply put(String path, String body) {
        return send(request(path).header("Content-Type", CONTENT_TYPE).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Registers an Avro schema (given as its JSON text) under {@code subject}. */
    Reply register(String subject, String avroSchema) {
        return post("/subjects/" + subject + "/versions", schemaBody(avroSchema));
    }

    Reply setCompatibility(String path, String level) {
        return put(path, "{\"compatibility\":\"" + level + "\"}");
    }

    /** {@code {"schema": "<avroSchema>"}}. */
    static String schemaBody(String avroSchema) {
        return JSON.createObjectNode().put("schema", avroSchema).toString();
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(30)).header("Accept", CONTENT_TYPE);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = response.body().isEmpty() ? null : JSON.readTree(response.body());
            } catch (JsonProcessingException notJson) {
                json = null;
            }
            return new Reply(response.statusCode(), response.headers(), response.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
