package io.shiplog.scanner.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplog.scanner.registry.CredentialException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The HTTP of the token exchanges: a form POST or GET answered with JSON. Failures name the endpoint's host and the
 * OAuth2 {@code error} code the server gave, never a request or response body (they hold secrets).
 */
final class TokenHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration timeout;

    TokenHttp(Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
    }

    JsonNode postForm(String what, URI uri, Map<String, String> form) throws CredentialException {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return exchange(what, HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    JsonNode get(String what, URI uri, Map<String, String> headers) throws CredentialException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        headers.forEach(request::header);
        return exchange(what, request.build());
    }

    private JsonNode exchange(String what, HttpRequest request) throws CredentialException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new CredentialException(what + " at " + request.uri().getHost() + " failed: "
                    + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CredentialException(what + " at " + request.uri().getHost() + " was interrupted");
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        if (response.statusCode() != 200 || body == null || !body.isObject()) {
            String error = body == null ? "" : body.path("error").asText("");
            throw new CredentialException(what + " at " + request.uri().getHost() + " answered HTTP "
                    + response.statusCode() + (error.matches("[A-Za-z0-9_.-]{1,64}") ? " (" + error + ")" : ""));
        }
        return body;
    }

    /** A JSON text field that must be there; its absence is named, its value never. */
    static String required(JsonNode body, String field, String what) throws CredentialException {
        String value = body.path(field).asText("");
        if (value.isEmpty()) {
            throw new CredentialException(what + " answered without " + field);
        }
        return value;
    }
}
