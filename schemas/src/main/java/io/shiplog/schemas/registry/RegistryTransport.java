package io.shiplog.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends JSON requests to the registry: one bounded attempt per URL, failing over to the next URL on connection
 * failures, retrying 5xx answers and connection failures a few times with back-off, and turning every failure into
 * a {@link RegistryException} that names the registry (credentials masked) and the request.
 */
final class RegistryTransport {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = CONTENT_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, "
            + "application/json; qs=0.5";
    private static final int SNIPPET = 160;
    private static final Logger LOG = LoggerFactory.getLogger(RegistryTransport.class);

    private final RegistryConfig config;
    private final List<RegistryEndpoint> endpoints;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger preferred = new AtomicInteger();

    RegistryTransport(RegistryConfig config) {
        this.config = config;
        this.endpoints = config.endpoints();
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        config.sslContext().ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    ObjectMapper json() {
        return json;
    }

    /** Sends {@code method path} with an optional JSON body and returns the JSON answer of a 2xx response. */
    JsonNode send(String method, String path, JsonNode body) {
        String request = method + " " + path;
        byte[] payload = body == null ? null : write(body);
        RegistryException last = null;
        for (int attempt = 0; attempt <= config.maxRetries(); attempt++) {
            if (attempt > 0) {
                pause(attempt, request, last);
            }
            int first = preferred.get();
            for (int i = 0; i < endpoints.size(); i++) {
                int index = (first + i) % endpoints.size();
                RegistryEndpoint endpoint = endpoints.get(index);
                try {
                    HttpResponse<byte[]> response = exchange(endpoint, method, path, payload);
                    preferred.set(index);
                    int status = response.statusCode();
                    if (status >= 200 && status < 300) {
                        return parse(endpoint, request, response);
                    }
                    RegistryException error = errorAnswer(endpoint, request, response);
                    if (status < 500) {
                        throw error;
                    }
                    last = error;
                } catch (RetryableFailure failure) {
                    last = failure.exception;
                }
                LOG.debug("Schema registry request {} to {} failed (attempt {}): {}", request, endpoint,
                        attempt + 1, last.getMessage());
            }
        }
        int attempts = config.maxRetries() + 1;
        throw new RegistryException(last.httpStatus(), last.errorCode(), last.getMessage() + " (gave up after "
                + attempts + (attempts == 1 ? " attempt" : " attempts") + " on " + config.describe() + ")",
                last.getCause());
    }

    private HttpResponse<byte[]> exchange(RegistryEndpoint endpoint, String method, String path, byte[] payload) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint.resolve(path))
                .timeout(config.requestTimeout())
                .header("Accept", ACCEPT)
                .method(method, payload == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(payload));
        if (payload != null) {
            builder.header("Content-Type", CONTENT_TYPE);
        }
        endpoint.auth().authorizationHeader().ifPresent(value -> builder.header("Authorization", value));
        String request = method + " " + path;
        // The future's bound also covers a body that trickles in after the headers.
        Duration bound = config.connectTimeout().plus(config.requestTimeout());
        CompletableFuture<HttpResponse<byte[]>> future =
                http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        try {
            return future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timedOut(endpoint, request, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw RegistryException.noAnswer("interrupted during " + request + " to schema registry " + endpoint, e);
        } catch (ExecutionException e) {
            throw failure(endpoint, request, e.getCause() == null ? e : e.getCause());
        }
    }

    private RuntimeException failure(RegistryEndpoint endpoint, String request, Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return new RetryableFailure(RegistryException.noAnswer("schema registry " + endpoint
                    + " did not accept a connection within " + config.connectTimeout().toMillis() + " ms ("
                    + request + ")", cause));
        }
        if (cause instanceof HttpTimeoutException) {
            return timedOut(endpoint, request, cause);
        }
        if (cause instanceof ConnectException) {
            return new RetryableFailure(RegistryException.noAnswer("schema registry " + endpoint
                    + " is unreachable (" + request + "): connection refused or failed", cause));
        }
        if (cause instanceof IOException) {
            return new RetryableFailure(RegistryException.noAnswer("schema registry " + endpoint
                    + " broke off " + request + ": " + describe(cause), cause));
        }
        return RegistryException.noAnswer("schema registry " + endpoint + " request " + request + " failed: "
                + describe(cause), cause);
    }

    /** A request timeout is not retried: a registry that does not answer fails within one request timeout. */
    private RegistryException timedOut(RegistryEndpoint endpoint, String request, Throwable cause) {
        return RegistryException.noAnswer("schema registry " + endpoint + " did not answer " + request
                + " within " + config.requestTimeout().toMillis() + " ms", cause);
    }

    private JsonNode parse(RegistryEndpoint endpoint, String request, HttpResponse<byte[]> response) {
        try {
            JsonNode node = json.readTree(response.body());
            if (node == null || node.isMissingNode()) {
                throw new RegistryException(response.statusCode(), response.statusCode(), "schema registry "
                        + endpoint + " answered " + request + " with an empty body");
            }
            return node;
        } catch (IOException e) {
            throw new RegistryException(response.statusCode(), response.statusCode(), "schema registry " + endpoint
                    + " answered " + request + " with HTTP " + response.statusCode() + " and a body that is not JSON: "
                    + snippet(response.body()), e);
        }
    }

    private RegistryException errorAnswer(RegistryEndpoint endpoint, String request, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        JsonNode node = null;
        try {
            node = json.readTree(response.body());
        } catch (IOException e) {
            // not Confluent's error JSON: reported with a snippet of the body below
        }
        if (node != null && node.path("error_code").isInt()) {
            int code = node.get("error_code").asInt();
            String message = node.path("message").asText("");
            return new RegistryException(status, code, "schema registry " + endpoint + " answered " + request
                    + " with HTTP " + status + ", error " + code + ": " + message);
        }
        return new RegistryException(status, status, "schema registry " + endpoint + " answered " + request
                + " with HTTP " + status + ": " + snippet(response.body()));
    }

    private void pause(int attempt, String request, RegistryException last) {
        long wait = Math.min(config.retryWait().toMillis() << Math.min(attempt - 1, 20),
                config.retryMaxWait().toMillis());
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.noAnswer("interrupted while retrying " + request + " after: "
                    + last.getMessage(), e);
        }
    }

    private byte[] write(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a registry request body", e);
        }
    }

    private static String snippet(byte[] body) {
        if (body == null || body.length == 0) {
            return "(empty body)";
        }
        String text = new String(body, 0, Math.min(body.length, SNIPPET * 4), StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ").strip();
        return "'" + (text.length() > SNIPPET ? text.substring(0, SNIPPET) + "…" : text) + "'";
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + RegistryUrls.mask(cause.getMessage());
    }

    /** Carries a failure that another URL or a later attempt may overcome. */
    private static final class RetryableFailure extends RuntimeException {
        private final RegistryException exception;

        RetryableFailure(RegistryException exception) {
            super(null, null, false, false);
            this.exception = exception;
        }
    }
}
