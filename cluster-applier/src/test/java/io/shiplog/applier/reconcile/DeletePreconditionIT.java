package io.shiplog.applier.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.cluster.kube.KubeResource;
import io.shiplog.cluster.kube.KubeResponse;
import io.shiplog.cluster.kube.KubernetesHandler;
import io.shiplog.local.kube.KubeCluster;
import org.junit.jupiter.api.Test;

/**
 * Prune deletes only the object it read: on a real API server, a delete carrying the uid read before is refused
 * once the object was deleted and created again under the same name, and the new object stays.
 */
class DeletePreconditionIT {

    private static final KubeResource CONFIG_MAPS = new KubeResource("", "v1", "ConfigMap", "configmaps", true);

    private final KubernetesHandler kube = new KubernetesHandler("delete-precondition",
            KubeCluster.shared().apiClient(), new SimpleMeterRegistry());

    @Test
    void anObjectCreatedAgainUnderTheSameNameIsNotDeletedByTheUidReadBefore() {
        String name = "recreated-" + Long.toHexString(System.nanoTime());
        String readBefore = uid(kube.apply(CONFIG_MAPS, "default", name, configMap(name, "first"), false));
        assertThat(kube.delete(CONFIG_MAPS, "default", name).isSuccess()).isTrue();
        String recreated = uid(kube.apply(CONFIG_MAPS, "default", name, configMap(name, "second"), false));

        KubeResponse refused = kube.delete(CONFIG_MAPS, "default", name, readBefore);

        assertThat(refused.isConflict()).as(refused.toString()).isTrue();
        assertThat(uid(kube.get(CONFIG_MAPS, "default", name))).isEqualTo(recreated).isNotEqualTo(readBefore);
        assertThat(kube.delete(CONFIG_MAPS, "default", name, recreated).isSuccess()).isTrue();
        assertThat(kube.get(CONFIG_MAPS, "default", name).isNotFound()).isTrue();
    }

    private static String uid(KubeResponse response) {
        assertThat(response.isSuccess()).as(response.toString()).isTrue();
        return response.object().getAsJsonObject("metadata").get("uid").getAsString();
    }

    private static JsonObject configMap(String name, String value) {
        return JsonParser.parseString("""
                {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "%s", "namespace": "default"},
                 "data": {"value": "%s"}}""".formatted(name, value)).getAsJsonObject();
    }
}
