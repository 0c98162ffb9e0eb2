package io.shiplog.cluster.kube;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Plain REST requests through a cluster's {@link ApiClient} (its base path, authentication, default headers and
 * HTTP client): bodies go out as the bytes given, answers are read straight from the stream into Gson trees, with
 * none of the typed layers in between. The applier's hot path: one request per object of a large apply.
 */
final class KubeRequests {

    private static final String[] AUTH = {"BearerToken"};
    private static final String APPLY_PATCH = "application/apply-patch+yaml";
    /** A JSON merge patch (RFC 7386): parsed as JSON, where the server reads an apply patch as YAML. */
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String JSON = "application/json";
    /** Only the object's metadata in the answer (the server leaves the rest out instead of sending it back). */
    static final String METADATA = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1," + JSON;
    private static final MediaType APPLY_PATCH_TYPE = MediaType.get(APPLY_PATCH);
    private static final MediaType MERGE_PATCH_TYPE = MediaType.get(MERGE_PATCH);
    private static final MediaType JSON_TYPE = MediaType.get(JSON);
    private static final int MESSAGE_BYTES = 64 * 1024;
    private static final int RETRIES = 5;
    private static final long MAX_WAIT_SECONDS = 10;

    private final ApiClient client;
    private volatile Base base;

    KubeRequests(ApiClient client) {
        this.client = client;
    }

    /** A request answering one object: GET, or PATCH (server-side apply) with {@code body}. */
    KubeResponse object(String method, String path, List<Pair> query, byte[] body) {
        return object(method, path, query, body, JSON);
    }

    /** As {@link #object(String, String, List, byte[])}, asking for the answer as {@code accept}. */
    KubeResponse object(String method, String path, List<Pair> query, byte[] body, String accept) {
        return object(method, path, query, body, APPLY_PATCH, accept);
    }

    /** As {@link #object(String, String, List, byte[], String)}, with a body of {@code contentType}. */
    KubeResponse object(String method, String path, List<Pair> query, byte[] body, String contentType,
                        String accept) {
        Response sent;
        try {
            sent = execute(method, path, query, body, contentType, accept);
        } catch (ApiException | IOException | RuntimeException e) {
            return KubeResponse.unreachable(KubernetesHandler.describe(e));
        }
        try (Response response = sent; ResponseBody answer = response.body()) {
            if (!response.isSuccessful()) {
                return refused(response.code(), answer);
            }
            JsonElement object = answer == null ? null : JsonParser.parseReader(answer.charStream());
            return KubeResponse.ok(response.code(), object != null && object.isJsonObject()
                    ? object.getAsJsonObject() : null);
        } catch (IOException | RuntimeException e) {
            return KubeResponse.unreachable(KubernetesHandler.describe(e));
        }
    }

    /** The items of a LIST; empty when it is refused or fails (the caller then knows nothing about existence). */
    Optional<List<JsonObject>> items(String path, List<Pair> query) {
        try (Response response = execute("GET", path, query, null, null, JSON); ResponseBody answer = response.body()) {
            if (!response.isSuccessful() || answer == null) {
                return Optional.empty();
            }
            return Optional.of(readItems(answer.charStream()));
        } catch (ApiException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Sends the request; one answered 429 (API priority and fairness, rate limits), or 5xx with {@code Retry-After},
     * is sent again after the seconds the server asks (1 when it does not say, at most {@value #MAX_WAIT_SECONDS}),
     * up to {@value #RETRIES} times, as client-go does. Server-side apply, merge patches and reads are safe to
     * repeat.
     */
    private Response execute(String method, String path, List<Pair> query, byte[] body, String contentType,
                             String accept) throws ApiException, IOException {
        for (int attempt = 0; ; attempt++) {
            Response response = call(method, path, query, body, contentType, accept).execute();
            long wait = attempt < RETRIES ? retryAfterSeconds(response) : -1;
            if (wait < 0) {
                return response;
            }
            response.close();
            try {
                Thread.sleep(wait * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting to send again after HTTP "
                        + response.code());
            }
        }
    }

    /** Seconds to wait before sending again, or -1 when the answer is final. */
    static long retryAfterSeconds(Response response) {
        String header = response.header("Retry-After");
        if (response.code() != 429 && (response.code() < 500 || header == null)) {
            return -1;
        }
        long seconds = 1;
        if (header != null) {
            try {
                seconds = Long.parseLong(header.strip());
            } catch (NumberFormatException dateOrJunk) {
                seconds = 1;
            }
        }
        return Math.max(0, Math.min(MAX_WAIT_SECONDS, seconds));
    }

    /**
     * The call, built here rather than by {@link ApiClient#buildCall}: the URL from the base URL parsed once (not a
     * string parsed again per request), the authentication, default headers and cookies still the client's own.
     */
    private Call call(String method, String path, List<Pair> query, byte[] body, String contentType,
                      String accept) throws ApiException {
        Map<String, String> headers = new HashMap<>(4);
        headers.put("Accept", accept);
        if (body != null) {
            headers.put("Content-Type", contentType);
        }
        List<Pair> authQuery = new ArrayList<>(0);
        Map<String, String> cookies = new HashMap<>(0);
        client.updateParamsForAuth(AUTH, authQuery, headers, cookies, null, method, null);
        HttpUrl.Builder url = base().newBuilder().addEncodedPathSegments(path.substring(1));
        for (Pair pair : query) {
            url.addQueryParameter(pair.getName(), pair.getValue());
        }
        for (Pair pair : authQuery) {
            url.addQueryParameter(pair.getName(), pair.getValue());
        }
        Request.Builder request = new Request.Builder().url(url.build());
        client.processHeaderParams(headers, request);
        client.processCookieParams(cookies, request);
        request.method(method, body == null ? null : RequestBody.create(body, mediaType(contentType)));
        return client.getHttpClient().newCall(request.build());
    }

    private static MediaType mediaType(String contentType) {
        return switch (contentType) {
            case MERGE_PATCH -> MERGE_PATCH_TYPE;
            case JSON -> JSON_TYPE;
            default -> APPLY_PATCH_TYPE;
        };
    }

    /** The client's base URL, parsed once (again only when it was changed). */
    private HttpUrl base() {
        String basePath = client.getBasePath();
        Base known = base;
        if (known == null || !known.text().equals(basePath)) {
            known = new Base(basePath, HttpUrl.get(basePath));
            base = known;
        }
        return known.url();
    }

    private record Base(String text, HttpUrl url) {
    }

    private static KubeResponse refused(int code, ResponseBody answer) throws IOException {
        String text = "";
        if (answer != null) {
            BufferedSource source = answer.source();
            source.request(MESSAGE_BYTES);
            text = source.getBuffer().readString(Math.min(MESSAGE_BYTES, source.getBuffer().size()),
                    StandardCharsets.UTF_8);
        }
        String message = text.isBlank() ? "HTTP " + code : KubernetesHandler.statusMessage(text);
        return new KubeResponse(code, null, message);
    }

    private static List<JsonObject> readItems(Reader body) throws IOException {
        List<JsonObject> items = new ArrayList<>();
        try (JsonReader reader = new JsonReader(body)) {
            reader.beginObject();
            while (reader.hasNext()) {
                if (!reader.nextName().equals("items") || reader.peek() != JsonToken.BEGIN_ARRAY) {
                    reader.skipValue();
                    continue;
                }
                reader.beginArray();
                while (reader.hasNext()) {
                    JsonElement item = JsonParser.parseReader(reader);
                    if (item.isJsonObject()) {
                        items.add(item.getAsJsonObject());
                    }
                }
                reader.endArray();
            }
            reader.endObject();
        }
        return items;
    }
}
