package io.shiplog.dev.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.Watchable;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.ListOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one API server serves: a watch on the Deployments of a namespace, remembering when each image was first
 * read back from the API server (the time a release is "served" there). Restarts its watch when it ends.
 */
final class ServedImages implements AutoCloseable {

    private final String cluster;
    private final DynamicKubernetesApi api;
    private final String namespace;
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Watchable<DynamicKubernetesObject> open;

    ServedImages(String cluster, ApiClient client, String namespace) {
        this.cluster = cluster;
        this.api = new DynamicKubernetesApi("apps", "v1", "deployments", client);
        this.namespace = namespace;
        this.thread = new Thread(this::run, "bench-watch-" + cluster);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    String cluster() {
        return cluster;
    }

    /** When {@code image} was first served as the image of a Deployment here ({@link System#nanoTime()}), or null. */
    Long firstSeen(String image) {
        return firstSeen.get(image);
    }

    private void run() {
        while (running) {
            try (Watchable<DynamicKubernetesObject> watch = api.watch(namespace,
                    new ListOptions().timeoutSeconds(300))) {
                open = watch;
                for (Watch.Response<DynamicKubernetesObject> event : watch) {
                    long now = System.nanoTime();
                    if (event.object != null && event.object.getRaw() != null) {
                        imageOf(event.object.getRaw()).ifPresent(image -> firstSeen.putIfAbsent(image, now));
                    }
                }
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                sleep();
            }
        }
    }

    private static java.util.Optional<String> imageOf(JsonObject deployment) {
        try {
            JsonElement image = deployment.getAsJsonObject("spec").getAsJsonObject("template")
                    .getAsJsonObject("spec").getAsJsonArray("containers").get(0).getAsJsonObject().get("image");
            return java.util.Optional.ofNullable(image).map(JsonElement::getAsString);
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        Watchable<DynamicKubernetesObject> watch = open;
        if (watch != null) {
            try {
                watch.close();
            } catch (Exception e) {
                // closing a watch that already ended
            }
        }
        thread.interrupt();
    }
}
