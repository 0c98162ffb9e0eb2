package io.shiplog.cluster.kube;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.kubernetes.client.Discovery;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import io.kubernetes.client.openapi.models.V1Preconditions;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.DeleteOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One cluster's Kubernetes API: discovery (kind → resource), server-side apply (field manager {@code shiplog},
 * forced, optionally {@code dryRun=All}), get, list, delete. Every call is bounded by the client's timeouts and
 * answers a {@link KubeResponse} instead of throwing; no object body is ever logged.
 */
public final class KubernetesHandler {

    /** The field manager of every apply. */
    public static final String FIELD_MANAGER = "shiplog";

    private static final Gson GSON = new Gson();
    /** A merge patch removes a field by naming it with null, so its nulls must be sent. */
    private static final Gson PATCH_GSON = new GsonBuilder().serializeNulls().create();

    private final String cluster;
    private final ApiClient client;
    private final Discovery discovery;
    private final Map<String, Map<String, KubeResource>> kindsByApiVersion = new ConcurrentHashMap<>();
    private final Map<KubeResource, DynamicKubernetesApi> apis = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    /** The request timer of each verb, registered once (looking a meter up costs more than recording to it). */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final KubeRequests requests;

    public KubernetesHandler(String cluster, ApiClient client, MeterRegistry meters) {
        this.cluster = cluster;
        this.client = client;
        this.discovery = new Discovery(client);
        this.meters = meters;
        this.requests = new KubeRequests(client);
    }

    public String cluster() {
        return cluster;
    }

    /** A cheap authenticated request (core API discovery): tells unreachable and unauthorized clusters apart. */
    public KubeResponse probe() {
        return timed("probe", () -> {
            try {
                discovery.legacyCoreApi();
                return KubeResponse.ok(200, null);
            } catch (ApiException e) {
                return fromApiException(e);
            } catch (RuntimeException e) {
                return KubeResponse.unreachable(describe(e));
            }
        });
    }

    /** The resource serving {@code kind} in {@code apiVersion}; asks discovery again when it is not cached. */
    public Optional<KubeResource> resource(String apiVersion, String kind) throws ClusterUnreachableException {
        Map<String, KubeResource> kinds = kindsByApiVersion.get(apiVersion);
        if (kinds == null || !kinds.containsKey(kind)) {
            kinds = discover(apiVersion);
            kindsByApiVersion.put(apiVersion, kinds);
        }
        return Optional.ofNullable(kinds.get(kind));
    }

    /** Drops what discovery said about {@code apiVersion} (after a CRD changed). */
    public void forget(String apiVersion) {
        kindsByApiVersion.remove(apiVersion);
    }

    /** Server-side apply of {@code body}; with {@code dryRun} nothing is stored. */
    public KubeResponse apply(KubeResource resource, String namespace, String name, JsonObject body, boolean dryRun) {
        return apply(resource, namespace, name, GSON.toJson(body).getBytes(StandardCharsets.UTF_8), dryRun);
    }

    /** As {@link #apply(KubeResource, String, String, JsonObject, boolean)}, with the body serialised already. */
    public KubeResponse apply(KubeResource resource, String namespace, String name, byte[] json, boolean dryRun) {
        List<Pair> query = new ArrayList<>(3);
        query.add(new Pair("fieldManager", FIELD_MANAGER));
        query.add(new Pair("force", "true"));
        if (dryRun) {
            query.add(new Pair("dryRun", "All"));
        }
        return timed(dryRun ? "dry-run" : "apply", () -> requests.object("PATCH", path(resource, namespace, name),
                query, json));
    }

    /**
     * Server-side apply of {@code body} answering only the stored object's metadata (a large object, such as an
     * inventory, is not sent back).
     */
    public KubeResponse applyForMetadata(KubeResource resource, String namespace, String name, JsonObject body) {
        List<Pair> query = List.of(new Pair("fieldManager", FIELD_MANAGER), new Pair("force", "true"));
        byte[] json = GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
        return timed("apply", () -> requests.object("PATCH", path(resource, namespace, name), query, json,
                KubeRequests.METADATA));
    }

    /**
     * A JSON merge patch of {@code patch} answering only the stored object's metadata. The server parses it as JSON,
     * much faster than an apply patch (read as YAML) for a body with long strings; a {@code metadata.resourceVersion}
     * in the patch makes it conditional (409 when the object changed since).
     */
    public KubeResponse mergePatchForMetadata(KubeResource resource, String namespace, String name,
                                              JsonObject patch) {
        List<Pair> query = List.of(new Pair("fieldManager", FIELD_MANAGER));
        byte[] json = PATCH_GSON.toJson(patch).getBytes(StandardCharsets.UTF_8);
        return timed("patch", () -> requests.object("PATCH", path(resource, namespace, name), query, json,
                KubeRequests.MERGE_PATCH, KubeRequests.METADATA));
    }

    /**
     * Creates {@code body} (a POST, parsed by the server as JSON) answering only the stored object's metadata: 409
     * when the object exists already, 404 when its namespace does not.
     */
    public KubeResponse createForMetadata(KubeResource resource, String namespace, JsonObject body) {
        List<Pair> query = List.of(new Pair("fieldManager", FIELD_MANAGER));
        byte[] json = GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
        return timed("create", () -> requests.object("POST", path(resource, namespace, null), query, json,
                KubeRequests.JSON, KubeRequests.METADATA));
    }

    public KubeResponse get(KubeResource resource, String namespace, String name) {
        return timed("get", () -> requests.object("GET", path(resource, namespace, name), List.of(), null));
    }
    /** Deletes in the background (dependents are left to the garbage collector). */
    public KubeResponse delete(KubeResource resource, String namespace, String name) {
        return delete(resource, namespace, name, null);
    }

    /**
     * Deletes in the background, only the object with {@code uid} (when not null): an object deleted and created
     * again under the same name since it was read is refused with 409 Conflict, never deleted.
     */
    public KubeResponse delete(KubeResource resource, String namespace, String name, String uid) {
        DeleteOptions options = new DeleteOptions();
        options.setPropagationPolicy("Background");
        if (uid != null) {
            options.setPreconditions(new V1Preconditions().uid(uid));
        }
        DynamicKubernetesApi api = api(resource);
        return timed("delete", () -> single(() -> resource.namespaced() ? api.delete(namespace, name, options)
                : api.delete(name, options)));
    }

    /**
     * Objects of {@code resource} matching {@code labelSelector}, in {@code namespace} or everywhere when it is null;
     * empty when the list is refused or fails.
     */
    public Optional<List<JsonObject>> list(KubeResource resource, String namespace, String labelSelector) {
        List<Pair> query = labelSelector == null ? List.of() : List.of(new Pair("labelSelector", labelSelector));
        return timed("list", () -> requests.items(path(resource, namespace, null), query));
    }

    /** The REST path of {@code resource}, in {@code namespace} when it is namespaced, of object {@code name}. */
    private static String path(KubeResource resource, String namespace, String name) {
        StringBuilder path = new StringBuilder(96);
        path.append(resource.group().isEmpty() ? "/api/" : "/apis/").append(resource.group().isEmpty() ? ""
                : resource.group() + "/").append(resource.version());
        if (resource.namespaced() && namespace != null) {
            path.append("/namespaces/").append(escape(namespace));
        }
        path.append('/').append(resource.plural());
        if (name != null) {
            path.append('/').append(escape(name));
        }
        return path.toString();
    }

    private static String escape(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Map<String, KubeResource> discover(String apiVersion) throws ClusterUnreachableException {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        String path = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        Map<String, KubeResource> kinds = new ConcurrentHashMap<>();
        KubeResponse failure = timed("discovery", () -> {
            try {
                for (Discovery.APIResource r : discovery.findAll(group, List.of(version), version, path)) {
                    kinds.put(r.getKind(), new KubeResource(group, version, r.getKind(), r.getResourcePlural(),
                            Boolean.TRUE.equals(r.getNamespaced())));
                }
                return null;
            } catch (ApiException e) {
                return e.getCode() == 404 ? null : fromApiException(e);
            } catch (RuntimeException e) {
                return KubeResponse.unreachable(describe(e));
            }
        });
        if (failure != null) {
            throw new ClusterUnreachableException(failure, "API discovery of " + apiVersion + " failed: "
                    + (failure.isUnreachable() ? "" : "HTTP " + failure.code() + " ") + failure.message());
        }
        return kinds;
    }

    private DynamicKubernetesApi api(KubeResource resource) {
        return apis.computeIfAbsent(resource,
                r -> new DynamicKubernetesApi(r.group(), r.version(), r.plural(), client));
    }

    private static KubeResponse single(Supplier<KubernetesApiResponse<DynamicKubernetesObject>> call) {
        KubernetesApiResponse<DynamicKubernetesObject> response;
        try {
            response = call.get();
        } catch (RuntimeException e) {
            return KubeResponse.unreachable(describe(e));
        }
        if (response.isSuccess()) {
            return KubeResponse.ok(response.getHttpStatusCode(),
                    response.getObject() == null ? null : response.getObject().getRaw());
        }
        String message = response.getStatus() == null || response.getStatus().getMessage() == null
                ? "HTTP " + response.getHttpStatusCode() : response.getStatus().getMessage();
        return new KubeResponse(response.getHttpStatusCode(), null, message);
    }

    private <T> T timed(String verb, Supplier<T> call) {
        long started = System.nanoTime();
        try {
            return call.get();
        } finally {
            timers.computeIfAbsent(verb, v -> Timer.builder("shiplog.applier.kube.requests").tag("cluster", cluster)
                    .tag("verb", v).register(meters))
                    .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private static KubeResponse fromApiException(ApiException e) {
        if (e.getCode() == 0) {
            return KubeResponse.unreachable(describe(e));
        }
        String message = e.getResponseBody() == null || e.getResponseBody().isBlank() ? e.getMessage()
                : statusMessage(e.getResponseBody());
        return new KubeResponse(e.getCode(), null, message);
    }

    /** The {@code message} of a Status object, else the start of {@code body}. */
    static String statusMessage(String body) {
        try {
            JsonObject status = GSON.fromJson(body, JsonObject.class);
            if (status != null && status.has("message")) {
                return status.get("message").getAsString();
            }
        } catch (RuntimeException notJson) {
            // fall through
        }
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    /** The innermost I/O cause of a client failure, e.g. "connect timed out" or "Connection refused". */
    static String describe(Throwable e) {
        Throwable io = null;
        Throwable root = e;
        while (true) {
            if (io == null && root instanceof java.io.IOException) {
                io = root;
            }
            if (root.getCause() == null || root.getCause() == root) {
                break;
            }
            root = root.getCause();
        }
        String text = brief(io == null ? root : io);
        return io == null || io == root ? text : text + " (" + brief(root) + ")";
    }

    private static String brief(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
