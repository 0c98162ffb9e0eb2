package io.shiplog.local.kube;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.Discovery;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.PatchOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Server-side apply of manifests of any kind, for tests ({@code kubectl apply --server-side --force-conflicts}).
 * Kinds are resolved to resources through API discovery, never by guessing plurals. After a
 * CustomResourceDefinition it waits until the definition is {@code Established} and its kind is served, so the next
 * document may be a custom resource of it.
 */
public final class ServerSideApplier {

    private static final Duration CRD_TIMEOUT = Duration.ofSeconds(60);
    private static final String CRD_GROUP = "apiextensions.k8s.io";
    private static final Gson GSON = new Gson();

    private final ApiClient client;
    private final String fieldManager;
    private final Discovery discovery;
    private final Map<String, Map<String, KubeResource>> kindsByApiVersion = new ConcurrentHashMap<>();

    public ServerSideApplier(ApiClient client, String fieldManager) {
        if (fieldManager == null || fieldManager.isBlank()) {
            throw new IllegalArgumentException("a field manager name is required for server-side apply");
        }
        this.client = client;
        this.fieldManager = fieldManager;
        this.discovery = new Discovery(client);
    }

    /**
     * Applies every document of {@code manifests} (YAML, one or more documents, or JSON) in order and returns the
     * objects as the server stored them. {@code metadata.managedFields} and {@code resourceVersion} are dropped from
     * the input; namespaced objects without a namespace go to {@code default}.
     */
    public List<DynamicKubernetesObject> apply(String manifests) {
        List<DynamicKubernetesObject> applied = new ArrayList<>();
        List<JsonObject> documents = parse(manifests);
        for (int i = 0; i < documents.size(); i++) {
            applied.add(applyOne(documents.get(i), i + 1));
        }
        return applied;
    }

    /** Reads an object; empty when it does not exist. */
    public Optional<DynamicKubernetesObject> get(String apiVersion, String kind, String namespace, String name) {
        KubeResource resource = resolve(apiVersion, kind);
        DynamicKubernetesApi api = api(resource);
        KubernetesApiResponse<DynamicKubernetesObject> response = resource.namespaced()
                ? api.get(namespace == null ? "default" : namespace, name)
                : api.get(name);
        if (response.getHttpStatusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(successful(response, () -> "reading " + describe(kind, namespace, name)));
    }

    /** The resource serving {@code kind} in {@code apiVersion}; fails naming both when the server has none. */
    public KubeResource resolve(String apiVersion, String kind) {
        return find(apiVersion, kind).orElseThrow(() -> new IllegalArgumentException(
                "kind " + kind + " is not served in apiVersion " + apiVersion + " by " + client.getBasePath()));
    }

    private DynamicKubernetesObject applyOne(JsonObject object, int documentNumber) {
        String apiVersion = requiredString(object, "apiVersion", documentNumber);
        String kind = requiredString(object, "kind", documentNumber);
        JsonObject metadata = object.getAsJsonObject("metadata");
        if (metadata == null || !metadata.has("name")) {
            throw new IllegalArgumentException("document " + documentNumber + " (" + kind + ") has no metadata.name");
        }
        metadata.remove("managedFields");
        metadata.remove("resourceVersion");
        String name = metadata.get("name").getAsString();
        KubeResource resource = resolve(apiVersion, kind);
        String namespace = metadata.has("namespace") ? metadata.get("namespace").getAsString() : "default";
        V1Patch body = new V1Patch(GSON.toJson(object));
        PatchOptions options = new PatchOptions().fieldManager(fieldManager).force(true);
        DynamicKubernetesApi api = api(resource);
        KubernetesApiResponse<DynamicKubernetesObject> response = resource.namespaced()
                ? api.patch(namespace, name, V1Patch.PATCH_FORMAT_APPLY_YAML, body, options)
                : api.patch(name, V1Patch.PATCH_FORMAT_APPLY_YAML, body, options);
        DynamicKubernetesObject applied = successful(response, () -> "server-side apply of "
                + describe(kind, resource.namespaced() ? namespace : null, name));
        if (resource.group().equals(CRD_GROUP) && kind.equals("CustomResourceDefinition")) {
            awaitServed(applied);
        }
        return applied;
    }

    /** Waits until the definition is Established and discovery serves its kind in every served version. */
    private void awaitServed(DynamicKubernetesObject crd) {
        String name = crd.getMetadata().getName();
        long deadline = System.nanoTime() + CRD_TIMEOUT.toNanos();
        while (!established(name)) {
            pause(deadline, () -> "CustomResourceDefinition " + name + " not Established");
        }
        JsonObject spec = crd.getRaw().getAsJsonObject("spec");
        String group = spec.get("group").getAsString();
        String kind = spec.getAsJsonObject("names").get("kind").getAsString();
        for (JsonElement version : spec.getAsJsonArray("versions")) {
            JsonObject v = version.getAsJsonObject();
            if (v.has("served") && !v.get("served").getAsBoolean()) {
                continue;
            }
            String apiVersion = group + "/" + v.get("name").getAsString();
            kindsByApiVersion.remove(apiVersion);
            while (find(apiVersion, kind).isEmpty()) {
                kindsByApiVersion.remove(apiVersion);
                pause(deadline, () -> kind + " not served in " + apiVersion);
            }
        }
    }

    private boolean established(String crdName) {
        KubernetesApiResponse<DynamicKubernetesObject> response =
                new DynamicKubernetesApi(CRD_GROUP, "v1", "customresourcedefinitions", client).get(crdName);
        JsonObject raw = successful(response, () -> "reading CustomResourceDefinition " + crdName).getRaw();
        JsonElement status = raw.get("status");
        JsonElement conditions = status != null && status.isJsonObject() ? status.getAsJsonObject().get("conditions") : null;
        if (conditions == null || !conditions.isJsonArray()) {
            return false;
        }
        for (JsonElement condition : conditions.getAsJsonArray()) {
            JsonObject c = condition.getAsJsonObject();
            if ("Established".equals(c.get("type").getAsString()) && "True".equals(c.get("status").getAsString())) {
                return true;
            }
        }
        return false;
    }

    private Optional<KubeResource> find(String apiVersion, String kind) {
        Map<String, KubeResource> kinds = kindsByApiVersion.get(apiVersion);
        if (kinds == null || !kinds.containsKey(kind)) {
            kinds = discover(apiVersion);
            kindsByApiVersion.put(apiVersion, kinds);
        }
        return Optional.ofNullable(kinds.get(kind));
    }

    private Map<String, KubeResource> discover(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        String path = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        Map<String, KubeResource> kinds = new ConcurrentHashMap<>();
        try {
            for (Discovery.APIResource r : discovery.findAll(group, List.of(version), version, path)) {
                kinds.put(r.getKind(), new KubeResource(group, version, r.getKind(), r.getResourcePlural(),
                        Boolean.TRUE.equals(r.getNamespaced())));
            }
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw new IllegalStateException("API discovery of " + apiVersion + " at " + client.getBasePath()
                        + " failed: HTTP " + e.getCode() + " " + e.getMessage(), e);
            }
        }
        return kinds;
    }

    private DynamicKubernetesApi api(KubeResource resource) {
        return new DynamicKubernetesApi(resource.group(), resource.version(), resource.plural(), client);
    }

    private DynamicKubernetesObject successful(KubernetesApiResponse<DynamicKubernetesObject> response,
                                               Supplier<String> action) {
        if (!response.isSuccess()) {
            String message = response.getStatus() == null ? "(no status)" : response.getStatus().getMessage();
            throw new IllegalStateException(action.get() + " at " + client.getBasePath() + " failed: HTTP "
                    + response.getHttpStatusCode() + " " + message);
        }
        return response.getObject();
    }

    private static void pause(long deadline, Supplier<String> stillWaitingFor) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(stillWaitingFor.get() + " after " + CRD_TIMEOUT.toSeconds() + " s");
        }
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting: " + stillWaitingFor.get(), e);
        }
    }

    private static String describe(String kind, String namespace, String name) {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }

    private static String requiredString(JsonObject object, String field, int documentNumber) {
        JsonElement value = object.get(field);
        if (value == null || !value.isJsonPrimitive() || value.getAsString().isBlank()) {
            throw new IllegalArgumentException("document " + documentNumber + " has no " + field);
        }
        return value.getAsString();
    }

    /** YAML documents (JSON is YAML too) as JSON objects; timestamps stay strings, as Kubernetes reads them. */
    static List<JsonObject> parse(String manifests) {
        LoaderOptions options = new LoaderOptions();
        DumperOptions unused = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(unused), unused, options,
                new StringsForTimestamps());
        List<JsonObject> documents = new ArrayList<>();
        int number = 0;
        for (Object document : yaml.loadAll(manifests)) {
            number++;
            if (document == null) {
                continue;
            }
            if (!(document instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("document " + number + " is not a mapping but a "
                        + document.getClass().getSimpleName());
            }
            documents.add(GSON.toJsonTree(document).getAsJsonObject());
        }
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("the manifests hold no document");
        }
        return documents;
    }

    /** The standard YAML resolver without the implicit timestamp type. */
    private static final class StringsForTimestamps extends Resolver {
        @Override
        public void addImplicitResolver(Tag tag, Pattern regexp, String first) {
            if (!Tag.TIMESTAMP.equals(tag)) {
                super.addImplicitResolver(tag, regexp, first);
            }
        }

        @Override
        public void addImplicitResolver(Tag tag, Pattern regexp, String first, int limit) {
            if (!Tag.TIMESTAMP.equals(tag)) {
                super.addImplicitResolver(tag, regexp, first, limit);
            }
        }
    }
}
