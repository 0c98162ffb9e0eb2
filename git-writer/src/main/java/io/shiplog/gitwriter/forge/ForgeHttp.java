package io.shiplog.gitwriter.forge;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON over HTTP to one forge repository's API, with its authorization header. Errors name the forge, the
 * repository, the method and path and the status with the forge's own message; the token never appears.
 */
final class ForgeHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");
    private static final int MAX_PAGES = 20;
    private static final int MAX_MESSAGE = 300;

    private final String describe;
    private final URI api;
    private final Map<String, String> headers;
    private final String secret;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param describe forge and repository, e.g. {@code gitea platform/fleet}
     * @param api      the API root every path is resolved against (ends without a slash)
     * @param headers  headers of every request (authorization among them)
     * @param secret   the token, scrubbed from any message
     */
    ForgeHttp(String describe, URI api, Map<String, String> headers, String secret, Duration timeout) {
        this.describe = describe;
        this.api = api;
        this.headers = Map.copyOf(headers);
        this.secret = secret == null ? "" : secret;
        this.timeout = timeout;
        // no redirects: the token would follow to wherever one points
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    String describe() {
        return describe;
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode send(String method, String path, Object body) throws ForgeException {
        return call(method, resolve(path), body).body;
    }

    /** Every element of the JSON arrays {@code path} answers, following {@code Link: <…>; rel="next"}. */
    List<JsonNode> pages(String path) throws ForgeException {
        List<JsonNode> all = new ArrayList<>();
        URI next = resolve(path);
        for (int page = 0; next != null && page < MAX_PAGES; page++) {
            Answer answer = call("GET", next, null);
            answer.body.forEach(all::add);
            next = answer.next == null ? null : URI.create(answer.next);
        }
        return all;
    }

    /** Every element of {@code values}, following the {@code next} URL in the body (Bitbucket's paging). */
    List<JsonNode> bodyPages(String path) throws ForgeException {
        List<JsonNode> all = new ArrayList<>();
        URI next = resolve(path);
        for (int page = 0; next != null && page < MAX_PAGES; page++) {
            JsonNode body = call("GET", next, null).body;
            body.path("values").forEach(all::add);
            next = body.hasNonNull("next") ? URI.create(body.get("next").asString()) : null;
        }
        return all;
    }

    private URI resolve(String path) {
        return URI.create(api + path);
    }

    private record Answer(JsonNode body, String next) {
    }

    private Answer call(String method, URI uri, Object body) throws ForgeException {
        String what = method + " " + uri.getRawPath();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        headers.forEach(request::header);
        try {
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new ForgeException(describe + ": " + what + " answered " + response.statusCode()
                        + message(response.body()), response.statusCode());
            }
            String text = response.body();
            JsonNode json = text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            String next = response.headers().firstValue("Link").map(NEXT::matcher).filter(Matcher::find)
                    .map(m -> m.group(1)).orElse(null);
            return new Answer(json, next);
        } catch (IOException e) {
            throw new ForgeException(describe + ": " + what + " got no answer: " + scrub(e.toString()), e);
        } catch (JacksonException e) {
            throw new ForgeException(describe + ": " + what + " answered with JSON that cannot be read: "
                    + scrub(e.getOriginalMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ForgeException(describe + ": " + what + " interrupted", e);
        }
    }

    /** The forge's own error text, short and without the token. */
    private String message(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body.strip().replaceAll("\\s+", " ");
        try {
            JsonNode json = JSON.readTree(text);
            for (String key : List.of("message", "error", "errors")) {
                JsonNode value = json.path(key);
                if (!value.isMissingNode() && !value.isNull()) {
                    text = value.isString() ? value.asString() : value.toString();
                    break;
                }
            }
        } catch (JacksonException e) {
            // not JSON: the text as it is
        }
        text = scrub(text);
        return ": " + (text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text);
    }

    private String scrub(String text) {
        return secret.isEmpty() || text == null ? text : text.replace(secret, "****");
    }
}
