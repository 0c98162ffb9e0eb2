package io.shiplog.applier.reconcile;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.shiplog.cluster.kube.ClusterUnreachableException;
import io.shiplog.cluster.kube.JsonFields;
import io.shiplog.cluster.kube.KubeResponse;
import io.shiplog.cluster.kube.KubernetesHandler;
import io.shiplog.cluster.plan.PlannedObject;
import java.time.Duration;
import java.util.List;

/** After CRDs are applied: waits (bounded) until each is Established, then makes discovery look at it afresh. */
final class CrdWaiter {

    private final KubernetesHandler kube;
    private final Duration timeout;

    CrdWaiter(KubernetesHandler kube, Duration timeout) {
        this.kube = kube;
        this.timeout = timeout;
    }

    void awaitEstablished(List<PlannedObject> objects, ObjectApplier.StageResult result)
            throws InterruptedException, ClusterUnreachableException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (PlannedObject object : objects) {
            if (!object.key().kind().equals("CustomResourceDefinition") || !result.live().containsKey(object.key())) {
                continue;
            }
            JsonObject crd = result.live().get(object.key());
            while (HealthAssessor.assess(object.key(), crd) != Health.HEALTHY && System.nanoTime() < deadline) {
                Thread.sleep(100);
                KubeResponse read = kube.get(object.resource(), null, object.name());
                if (read.isUnreachable()) {
                    throw new ClusterUnreachableException(read, "cluster " + kube.cluster()
                            + " stopped answering while waiting for CRD " + object.name() + ": " + read.message());
                }
                crd = read.isSuccess() ? read.object() : crd;
            }
            awaitServed(crd, deadline);
        }
    }

    /** Discovery may lag behind Established: asks again until every served version lists the kind. */
    private void awaitServed(JsonObject crd, long deadline) throws InterruptedException, ClusterUnreachableException {
        JsonObject spec = JsonFields.object(crd, "spec");
        String group = JsonFields.string(spec, "group");
        JsonObject names = JsonFields.object(spec, "names");
        String kind = JsonFields.string(names, "kind");
        if (group == null || kind == null || !(spec.get("versions") instanceof JsonArray versions)) {
            return;
        }
        for (JsonElement version : versions) {
            if (!version.isJsonObject() || Boolean.FALSE.equals(served(version.getAsJsonObject()))) {
                continue;
            }
            String apiVersion = group + "/" + JsonFields.string(version.getAsJsonObject(), "name");
            kube.forget(apiVersion);
            while (kube.resource(apiVersion, kind).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
    }

    private static Boolean served(JsonObject version) {
        JsonElement served = version.get("served");
        return served != null && served.isJsonPrimitive() ? served.getAsBoolean() : null;
    }
}
