package io.shiplog.applier.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.cluster.manifest.ObjectKey;
import org.junit.jupiter.api.Test;

class StageTest {

    private static ObjectKey key(String group, String kind) {
        return new ObjectKey(group, kind, null, "x");
    }

    @Test
    void definitionsComeFirst() {
        assertThat(Stage.of(key("apiextensions.k8s.io", "CustomResourceDefinition"))).isEqualTo(Stage.DEFINITIONS);
        assertThat(Stage.of(key("", "Namespace"))).isEqualTo(Stage.DEFINITIONS);
    }

    @Test
    void clusterRolesAndClassesComeSecond() {
        assertThat(Stage.of(key("rbac.authorization.k8s.io", "ClusterRole"))).isEqualTo(Stage.CLUSTER_WIDE);
        assertThat(Stage.of(key("storage.k8s.io", "StorageClass"))).isEqualTo(Stage.CLUSTER_WIDE);
        assertThat(Stage.of(key("networking.k8s.io", "IngressClass"))).isEqualTo(Stage.CLUSTER_WIDE);
    }

    @Test
    void everythingElseComesLast() {
        assertThat(Stage.of(key("apps", "Deployment"))).isEqualTo(Stage.RESOURCES);
        assertThat(Stage.of(key("rbac.authorization.k8s.io", "Role"))).isEqualTo(Stage.RESOURCES);
        assertThat(Stage.of(key("example.com", "Widget"))).isEqualTo(Stage.RESOURCES);
    }
}
