package io.shiplog.local.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP to a registry's v2 API with basic auth, answering a {@code Bearer} challenge by fetching a token from the
 * challenge's realm (with the same credentials) and retrying once. Credentials and tokens never leave this class.
 */
final class RegistryClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final URI base;
    private final String basicAuth;
    private final Duration timeout;
    private final HttpClient http;
    private volatile String bearerToken;

    /** {@code username} null means anonymous. */
    RegistryClient(URI base, String username, String password, Duration timeout) {
        this.base = base;
        this.basicAuth = username == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    URI base() {
        return base;
    }

    /** A request to {@code path} (relative to the registry, or an absolute Location the registry gave). */
    HttpRequest.Builder request(String pathOrUrl) {
        return HttpRequest.newBuilder(base.resolve(pathOrUrl)).timeout(timeout);
    }

    HttpResponse<byte[]> send(HttpRequest.Builder request) {
        HttpResponse<byte[]> response = exchange(withAuth(request.copy()));
        if (response.statusCode() == 401) {
            Optional<Map<String, String>> bearer = bearerChallenge(response);
            if (bearer.isPresent()) {
                bearerToken = fetchToken(bearer.get());
                response = exchange(withAuth(request.copy()));
            }
        }
        return response;
    }

    static String encode(String queryValue) {
        return URLEncoder.encode(queryValue, StandardCharsets.UTF_8);
    }

    private HttpRequest withAuth(HttpRequest.Builder request) {
        String token = bearerToken;
        if (token != null) {
            request.setHeader("Authorization", "Bearer " + token);
        } else if (basicAuth != null) {
            request.setHeader("Authorization", basicAuth);
        }
        return request.build();
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request.method() + " " + request.uri(), e);
        }
    }

    private static Optional<Map<String, String>> bearerChallenge(HttpResponse<?> response) {
        return response.headers().allValues("WWW-Authenticate").stream()
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .findFirst()
                .map(value -> {
                    Map<String, String> params = new LinkedHashMap<>();
                    Matcher matcher = CHALLENGE_PARAM.matcher(value);
                    while (matcher.find()) {
                        params.put(matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(2));
                    }
                    return params;
                });
    }

    private String fetchToken(Map<String, String> challenge) {
        String realm = challenge.get("realm");
        if (realm == null) {
            throw new IllegalStateException("registry " + base + " sent a Bearer challenge without a realm");
        }
        StringBuilder query = new StringBuilder();
        for (String key : new String[] {"service", "scope"}) {
            if (challenge.containsKey(key)) {
                query.append(query.isEmpty() ? "" : "&").append(key).append('=').append(encode(challenge.get(key)));
            }
        }
        URI tokenUri = URI.create(realm + (query.isEmpty() ? "" : (realm.contains("?") ? "&" : "?") + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenUri).timeout(timeout).GET();
        if (basicAuth != null) {
            request.header("Authorization", basicAuth);
        }
        HttpResponse<byte[]> response = exchange(request.build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token endpoint " + realm + " answered HTTP " + response.statusCode()
                    + " for scope '" + challenge.get("scope") + "'");
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            String token = body.path("token").asText(body.path("access_token").asText(""));
            if (token.isEmpty()) {
                throw new IllegalStateException("token endpoint " + realm + " answered without a token");
            }
            return token;
        } catch (IOException e) {
            throw new IllegalStateException("token endpoint " + realm + " answered with invalid JSON", e);
        }
    }
}
