package io.shiplog.applier.reconcile;

import io.shiplog.cluster.manifest.ObjectKey;
import java.util.Set;

/** Apply order: what other objects depend on goes first; pruning runs in reverse. */
public enum Stage {
    /** CustomResourceDefinitions and Namespaces. */
    DEFINITIONS,
    /** Cluster-wide roles and {@code *Class} kinds (StorageClass, IngressClass, PriorityClass, …). */
    CLUSTER_WIDE,
    /** Everything else. */
    RESOURCES;

    private static final Set<String> CLUSTER_ROLES = Set.of("ClusterRole", "ClusterRoleBinding");

    public static Stage of(ObjectKey key) {
        if (key.group().equals("apiextensions.k8s.io") && key.kind().equals("CustomResourceDefinition")
                || key.group().isEmpty() && key.kind().equals("Namespace")) {
            return DEFINITIONS;
        }
        if (key.group().equals("rbac.authorization.k8s.io") && CLUSTER_ROLES.contains(key.kind())
                || key.kind().endsWith("Class")) {
            return CLUSTER_WIDE;
        }
        return RESOURCES;
    }
}
