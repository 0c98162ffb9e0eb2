package io.shiplog.cli.audit;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The CLI's client of the audit API: JSON over HTTP with the bearer token; errors carry the API's message. */
public final class AuditHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String token;

    public AuditHttp(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
    }

    /** A refused request or an unreachable API, with the message to print. */
    public static final class ApiException extends RuntimeException {
        private final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public JsonNode get(String path, String... params) {
        return send("GET", path, params);
    }

    public JsonNode post(String path) {
        return send("POST", path);
    }

    private static final Duration TOTAL_DEADLINE = Duration.ofSeconds(60);

    private JsonNode send(String method, String path, String... params) {
        StringBuilder uri = new StringBuilder(base).append(path);
        String separator = "?";
        for (int i = 0; i + 1 < params.length; i += 2) {
            if (params[i + 1] == null) {
                continue;
            }
            uri.append(separator).append(params[i]).append('=')
                    .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
            separator = "&";
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri.toString()))
                .timeout(TOTAL_DEADLINE).method(method, HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/json");
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        // a total deadline: the request timeout covers the headers only, not a body that trickles in
        CompletableFuture<HttpResponse<String>> exchange = http.sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofString());
        try {
            response = exchange.get(TOTAL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new ApiException(0, "the audit API at " + base + " did not answer within "
                    + TOTAL_DEADLINE.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ApiException(0, "cannot reach the audit API at " + base + ": "
                    + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted");
        }
        JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : parse(response.body());
        if (response.statusCode() >= 300) {
            String message = body.path("message").asString("HTTP " + response.statusCode());
            if (response.statusCode() == 401) {
                message += " (set --token or SHIPLOG_AUDIT_TOKEN)";
            }
            throw new ApiException(response.statusCode(), message);
        }
        return body;
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (RuntimeException e) {
            return JSON.createObjectNode().put("message", text.length() > 200 ? text.substring(0, 200) : text);
        }
    }

    /** Encodes a path segment (cluster names). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
