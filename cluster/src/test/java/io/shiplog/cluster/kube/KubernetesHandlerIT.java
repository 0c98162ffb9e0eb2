package io.shiplog.cluster.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.local.kube.KubeCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The handler's requests against a real kube-apiserver: what the applier reads from each answer. */
class KubernetesHandlerIT {

    private static final KubeResource CONFIG_MAPS = new KubeResource("", "v1", "ConfigMap", "configmaps", true);
    private static final KubeResource CLUSTER_ROLES = new KubeResource("rbac.authorization.k8s.io", "v1",
            "ClusterRole", "clusterroles", false);

    private final KubernetesHandler kube = new KubernetesHandler("handler", KubeCluster.shared().apiClient(),
            new SimpleMeterRegistry());
    private final String suffix = Long.toHexString(System.nanoTime());

    @Test
    void appliesReadsAndListsObjectsAsTheServerStoresThem() {
        String name = "handler-" + suffix;
        KubeResponse created = kube.apply(CONFIG_MAPS, "default", name, configMap(name, "one"), false);

        assertThat(created.isSuccess()).as(created.toString()).isTrue();
        assertThat(created.code()).isEqualTo(201);
        JsonObject metadata = created.object().getAsJsonObject("metadata");
        assertThat(metadata.get("resourceVersion").getAsString()).isNotEmpty();
        assertThat(metadata.getAsJsonArray("managedFields").get(0).getAsJsonObject().get("manager").getAsString())
                .isEqualTo(KubernetesHandler.FIELD_MANAGER);

        KubeResponse dryRun = kube.apply(CONFIG_MAPS, "default", name, configMap(name, "two"), true);
        assertThat(dryRun.object().getAsJsonObject("data").get("value").getAsString()).isEqualTo("two");
        KubeResponse read = kube.get(CONFIG_MAPS, "default", name);
        assertThat(read.object().getAsJsonObject("data").get("value").getAsString())
                .as("a dry run stores nothing").isEqualTo("one");

        List<JsonObject> listed = kube.list(CONFIG_MAPS, "default", "story=" + suffix).orElseThrow();
        assertThat(listed).extracting(o -> o.getAsJsonObject("metadata").get("name").getAsString())
                .containsExactly(name);
        assertThat(kube.list(CONFIG_MAPS, null, "story=" + suffix).orElseThrow())
                .as("listed across namespaces").hasSize(1);
    }

    @Test
    void anApplyForMetadataStoresTheWholeObjectButAnswersOnlyItsMetadata() {
        String name = "handler-meta-" + suffix;
        KubeResponse applied = kube.applyForMetadata(CONFIG_MAPS, "default", name, configMap(name, "large"));

        assertThat(applied.isSuccess()).as(applied.toString()).isTrue();
        assertThat(applied.object().get("kind").getAsString()).isEqualTo("PartialObjectMetadata");
        assertThat(applied.object().has("data")).isFalse();
        assertThat(applied.object().getAsJsonObject("metadata").get("name").getAsString()).isEqualTo(name);
        assertThat(kube.get(CONFIG_MAPS, "default", name).object().getAsJsonObject("data").get("value")
                .getAsString()).isEqualTo("large");
    }

    @Test
    void reachesObjectsWhoseNamesNeedEscapingInAPath() {
        String name = "shiplog:reader-" + suffix;
        JsonObject role = JsonParser.parseString("{\"apiVersion\": \"rbac.authorization.k8s.io/v1\", \"kind\": "
                + "\"ClusterRole\", \"metadata\": {\"name\": \"" + name + "\"}, \"rules\": []}").getAsJsonObject();

        assertThat(kube.apply(CLUSTER_ROLES, null, name, role, false).isSuccess()).isTrue();
        assertThat(kube.get(CLUSTER_ROLES, null, name).object().getAsJsonObject("metadata").get("name")
                .getAsString()).isEqualTo(name);
    }

    @Test
    void answersTheServersMessageWhenARequestIsRefused() {
        String name = "handler-bad-" + suffix;
        JsonObject bad = configMap(name, "x");
        bad.getAsJsonObject("data").addProperty("not a key!", "x");

        KubeResponse refused = kube.apply(CONFIG_MAPS, "default", name, bad, false);
        KubeResponse missing = kube.get(CONFIG_MAPS, "default", "handler-missing-" + suffix);

        assertThat(refused.code()).isEqualTo(422);
        assertThat(refused.message()).contains("not a key!").contains("a valid config key");
        assertThat(missing.isNotFound()).isTrue();
        assertThat(missing.message()).contains("not found");
        assertThat(kube.list(new KubeResource("", "v1", "Nothing", "nothings", true), "default", null))
                .as("a refused list tells nothing").isEmpty();
    }

    private JsonObject configMap(String name, String value) {
        return JsonParser.parseString("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \""
                + name + "\", \"namespace\": \"default\", \"labels\": {\"story\": \"" + suffix + "\"}}, \"data\": "
                + "{\"value\": \"" + value + "\"}}").getAsJsonObject();
    }
}
