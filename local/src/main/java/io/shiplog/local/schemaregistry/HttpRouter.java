package io.shiplog.local.schemaregistry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes requests by method and path pattern ({@code {}} matches one path segment, percent-decoded), enforces basic
 * auth and request content types, and turns every outcome into a JSON response in Confluent's shape.
 */
final class HttpRouter implements HttpHandler {

    /** Answers one route. */
    @FunctionalInterface
    interface Handler {
        ApiResponse handle(ApiRequest request);
    }

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Logger LOG = LoggerFactory.getLogger(HttpRouter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    private static final Set<String> ACCEPTED_TYPES = Set.of(CONTENT_TYPE, "application/vnd.schemaregistry+json",
            "application/json", "application/octet-stream");

    private record Route(String method, String[] segments, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final BasicAuth auth;

    /** {@code auth} may be null: then every request is let in. */
    HttpRouter(BasicAuth auth) {
        this.auth = auth;
    }

    HttpRouter add(String method, String pattern, Handler handler) {
        routes.add(new Route(method, segments(pattern), handler));
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ApiResponse response;
            try {
                response = dispatch(exchange);
            } catch (RegistryException e) {
                if (e.httpStatus() >= 500) {
                    LOG.warn("{} {} failed with {}", exchange.getRequestMethod(), exchange.getRequestURI(),
                            e.errorCode(), e);
                }
                response = error(e.httpStatus(), e.errorCode(), e.getMessage());
                if (e.httpStatus() == 401) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"schema-registry\"");
                }
            } catch (RuntimeException e) {
                LOG.warn("{} {} failed unexpectedly", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                response = error(500, 50001, "Error in the backend data store: " + e);
            }
            write(exchange, response);
        }
    }

    private ApiResponse dispatch(HttpExchange exchange) throws IOException {
        if (auth != null && !auth.permits(exchange.getRequestHeaders().getFirst("Authorization"))) {
            throw RegistryException.unauthorized();
        }
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawPath = exchange.getRequestURI().getRawPath();
        String[] path = segments(rawPath);
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            List<String> params = match(route.segments(), path);
            if (params == null) {
                continue;
            }
            if (!route.method().equals(method)) {
                allowed.add(route.method());
                continue;
            }
            byte[] body = readBody(exchange, method + " " + rawPath);
            return route.handler().handle(new ApiRequest(method, rawPath, params,
                    query(exchange.getRequestURI().getRawQuery()), body));
        }
        if (!allowed.isEmpty()) {
            exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
            throw RegistryException.methodNotAllowed(method, rawPath);
        }
        throw RegistryException.notFound(rawPath);
    }

    private static byte[] readBody(HttpExchange exchange, String request) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length == 0) {
                return body;
            }
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type != null && !ACCEPTED_TYPES.contains(type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))) {
                throw RegistryException.unsupportedMediaType(type);
            }
            if (body.length > MAX_BODY_BYTES) {
                throw RegistryException.unprocessable("The request body of " + request + " is larger than "
                        + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }

    private static List<String> match(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return null;
        }
        List<String> params = new ArrayList<>();
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].equals("{}")) {
                String value = decodePathSegment(path[i]);
                if (value.isEmpty()) {
                    return null;
                }
                params.add(value);
            } else if (!pattern[i].equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] segments(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    private static String decodePathSegment(String segment) {
        // URLDecoder decodes '+' to a space, which is right for queries but not for path segments
        return decode(segment.replace("+", "%2B"));
    }

    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RegistryException.badRequest("Malformed percent-encoding in '" + encoded + "': " + e.getMessage(),
                    e);
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                String[] kv = pair.split("=", 2);
                query.putIfAbsent(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
            }
        }
        return query;
    }

    private static ApiResponse error(int status, int errorCode, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", errorCode);
        body.put("message", message);
        return new ApiResponse(status, body, false);
    }

    private static void write(HttpExchange exchange, ApiResponse response) throws IOException {
        byte[] bytes;
        try {
            bytes = response.raw() ? ((String) response.body()).getBytes(StandardCharsets.UTF_8)
                    : JSON.writeValueAsBytes(response.body());
        } catch (JsonProcessingException e) {
            throw new IOException("cannot write the response to " + exchange.getRequestURI() + " as JSON", e);
        }
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
