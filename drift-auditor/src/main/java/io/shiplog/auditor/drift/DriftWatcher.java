package io.shiplog.auditor.drift;

import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.Watchable;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesListObject;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.ListOptions;
import io.shiplog.cluster.kube.KubeResource;
import io.shiplog.cluster.manifest.ObjectKey;
import io.shiplog.cluster.plan.Labels;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the kinds Shiplog manages on one cluster (labels {@code app.kubernetes.io/managed-by=shiplog} and
 * {@code shiplog.io/inventory=<id>}; unlabelled strays are found by the full audit) and hands
 * every changed object's key on, so an ad-hoc edit is checked within the debounce instead of at the next audit.
 * Each resource has its own thread that resumes from the last resource version and relists after {@code 410 Gone}.
 */
public final class DriftWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DriftWatcher.class);
    private static final int WATCH_SECONDS = 300;

    private final String cluster;
    private final String selector;
    private final ApiClient client;
    private final List<String> namespaces;
    private final Consumer<ObjectKey> changed;
    private final Runnable lostTrack;
    private final Runnable started;
    private final Map<String, Thread> threads = new ConcurrentHashMap<>();
    private final Map<String, Watchable<DynamicKubernetesObject>> open = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    /**
     * @param client     an API client without a read timeout shorter than a watch
     * @param namespaces namespaces to watch namespaced kinds in; empty watches every namespace
     * @param changed    receives the key of each object that was added, modified or deleted
     * @param lostTrack  called when a watch had to start over and may have missed changes
     * @param started    called once a new resource is watched: changes between the audit that found the resource
     *                   and the start of its watch are only seen by another audit
     */
    public DriftWatcher(String cluster, String inventoryId, ApiClient client, List<String> namespaces,
                        Consumer<ObjectKey> changed, Runnable lostTrack, Runnable started) {
        this.started = started;
        this.cluster = cluster;
        this.selector = Labels.MANAGED_BY + "=" + Labels.SHIPLOG + "," + Labels.INVENTORY + "=" + inventoryId;
        this.client = client;
        this.namespaces = namespaces;
        this.changed = changed;
        this.lostTrack = lostTrack;
    }

    /** Starts watching every resource of {@code resources} not watched yet. */
    void watch(Set<KubeResource> resources) {
        for (KubeResource resource : resources) {
            List<String> scopes = resource.namespaced() && !namespaces.isEmpty() ? namespaces
                    : java.util.Collections.singletonList(null);
            for (String namespace : scopes) {
                String id = resource.apiVersion() + "/" + resource.plural() + (namespace == null ? "" : "@" + namespace);
                threads.computeIfAbsent(id, k -> {
                    Thread thread = new Thread(() -> loop(id, resource, namespace), "drift-watch-" + cluster + "-" + id);
                    thread.setDaemon(true);
                    thread.start();
                    return thread;
                });
            }
        }
    }

    private void loop(String id, KubeResource resource, String namespace) {
        DynamicKubernetesApi api = new DynamicKubernetesApi(resource.group(), resource.version(), resource.plural(),
                client);
        String resourceVersion = null;
        long backoffMs = 500;
        boolean first = true;
        while (running) {
            try {
                if (resourceVersion == null) {
                    resourceVersion = listVersion(api, namespace, selector);
                    if (first) {
                        first = false;
                        started.run();
                    }
                }
                ListOptions options = new ListOptions().labelSelector(selector).resourceVersion(resourceVersion)
                        .timeoutSeconds(WATCH_SECONDS);
                try (Watchable<DynamicKubernetesObject> watch = namespace == null ? api.watch(options)
                        : api.watch(namespace, options)) {
                    open.put(id, watch);
                    for (Watch.Response<DynamicKubernetesObject> event : watch) {
                        if ("ERROR".equals(event.type)) {
                            Integer code = event.status == null ? null : event.status.getCode();
                            LOG.info("cluster {}: watch of {} expired (HTTP {}); listing again", cluster, id, code);
                            resourceVersion = null;
                            lostTrack.run();
                            break;
                        }
                        JsonObject raw = event.object == null ? null : event.object.getRaw();
                        if (raw == null || !(raw.get("metadata") instanceof JsonObject metadata)) {
                            continue;
                        }
                        if (metadata.has("resourceVersion")) {
                            resourceVersion = metadata.get("resourceVersion").getAsString();
                        }
                        if (!"BOOKMARK".equals(event.type)) {
                            changed.accept(ClusterDrift.keyOf(resource, raw));
                        }
                    }
                    backoffMs = 500;
                } finally {
                    open.remove(id);
                }
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.debug("cluster {}: watch of {} broke: {}", cluster, id, e.toString());
                resourceVersion = null;
                lostTrack.run();
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoffMs = Math.min(30_000, backoffMs * 2);
            } catch (io.kubernetes.client.openapi.ApiException e) {
                LOG.debug("cluster {}: watch of {} refused: HTTP {}", cluster, id, e.getCode());
                resourceVersion = null;
                try {
                    Thread.sleep(Math.max(backoffMs, 5_000));
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoffMs = Math.min(30_000, backoffMs * 2);
            }
        }
    }

    /** The resource version to start watching from: that of a one-item LIST, so existing objects are not replayed. */
    private static String listVersion(DynamicKubernetesApi api, String namespace, String selector)
            throws IOException {
        ListOptions options = new ListOptions().labelSelector(selector).limit(1);
        KubernetesApiResponse<DynamicKubernetesListObject> response = namespace == null ? api.list(options)
                : api.list(namespace, options);
        if (!response.isSuccess() || response.getObject() == null || response.getObject().getMetadata() == null) {
            throw new IOException("list refused: HTTP " + response.getHttpStatusCode());
        }
        return response.getObject().getMetadata().getResourceVersion();
    }

    @Override
    public void close() {
        running = false;
        for (Watchable<DynamicKubernetesObject> watch : open.values()) {
            try {
                watch.close();
            } catch (IOException | RuntimeException e) {
                // closing anyway
            }
        }
        threads.values().forEach(Thread::interrupt);
    }
}
