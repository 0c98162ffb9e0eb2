package io.shiplog.cluster.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The order of object keys: how inventories and reports list objects. */
class ObjectKeyTest {

    @Test
    void keysSortByGroupKindNamespaceAndNameWithClusterScopedObjectsFirst() {
        ObjectKey deployment = new ObjectKey("apps", "Deployment", "web", "api");
        ObjectKey namespace = new ObjectKey("", "Namespace", null, "web");
        ObjectKey configMapB = new ObjectKey("", "ConfigMap", "b", "settings");
        ObjectKey configMapA = new ObjectKey("", "ConfigMap", "a", "settings");
        ObjectKey configMapA2 = new ObjectKey("", "ConfigMap", "a", "other");
        ObjectKey clusterRole = new ObjectKey("rbac.authorization.k8s.io", "ClusterRole", null, "reader");
        ObjectKey role = new ObjectKey("rbac.authorization.k8s.io", "ClusterRole", "", "reader-too");

        TreeSet<ObjectKey> sorted = new TreeSet<>(List.of(deployment, namespace, configMapB, configMapA, configMapA2,
                clusterRole, role));

        assertThat(sorted).containsExactly(configMapA2, configMapA, configMapB, namespace, deployment, clusterRole,
                role);
    }

    @Test
    void aClusterScopedKeyAndOneInTheEmptyNamespaceCompareByName() {
        assertThat(new ObjectKey("", "Namespace", null, "a").compareTo(new ObjectKey("", "Namespace", "", "a")))
                .isZero();
        assertThat(new ObjectKey("", "Namespace", null, "a").compareTo(new ObjectKey("", "Namespace", "", "b")))
                .isNegative();
    }
}
