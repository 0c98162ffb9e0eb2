package io.shiplog.applier.reconcile;

import com.google.gson.JsonObject;
import io.shiplog.cluster.kube.KubeResource;
import io.shiplog.cluster.kube.KubeResponse;
import io.shiplog.cluster.kube.KubernetesHandler;
import io.shiplog.cluster.manifest.ObjectKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives every applied object its health, waiting (bounded) for workloads whose controllers have not caught up yet.
 * With a zero timeout it checks once.
 */
public final class HealthWatcher {

    private final KubernetesHandler kube;
    private final Duration timeout;
    private final Duration interval;

    public HealthWatcher(KubernetesHandler kube, Duration timeout, Duration interval) {
        this.kube = kube;
        this.timeout = timeout;
        this.interval = interval;
    }

    /**
     * @param outcomes  apply outcomes (FAILED ones keep UNKNOWN)
     * @param live      objects as the server returned them, by key
     * @param resources resource of each applied key, to read workloads again
     */
    public List<ObjectOutcome> assess(List<ObjectOutcome> outcomes, Map<ObjectKey, JsonObject> live,
                                      Map<ObjectKey, KubeResource> resources) throws InterruptedException {
        Map<ObjectKey, Health> health = new HashMap<>();
        List<ObjectKey> waiting = new ArrayList<>();
        for (ObjectOutcome outcome : outcomes) {
            if (outcome.action() == Action.FAILED || !live.containsKey(outcome.key())) {
                continue;
            }
            Health h = HealthAssessor.assess(outcome.key(), live.get(outcome.key()));
            health.put(outcome.key(), h);
            if (h == Health.PROGRESSING && HealthAssessor.isWorkload(outcome.key())) {
                waiting.add(outcome.key());
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(Math.min(interval.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            List<ObjectKey> still = new ArrayList<>();
            for (ObjectKey key : waiting) {
                KubeResponse read = kube.get(resources.get(key), key.namespace(), key.name());
                Health h = read.isSuccess() ? HealthAssessor.assess(key, read.object()) : Health.UNKNOWN;
                health.put(key, h);
                if (h == Health.PROGRESSING) {
                    still.add(key);
                }
            }
            waiting = still;
        }
        List<ObjectOutcome> assessed = new ArrayList<>();
        for (ObjectOutcome outcome : outcomes) {
            Health h = health.get(outcome.key());
            assessed.add(h == null ? outcome : outcome.withHealth(h));
        }
        return assessed;
    }
}
