package io.shiplog.cluster.config;

import java.util.List;

/**
 * Where a cluster's objects may go and which inventory they belong to: what the applier applies and what the drift
 * auditor compares must be placed the same way.
 *
 * @param defaultNamespace namespace of namespaced objects that name none
 * @param namespaces       namespace allow-list; empty allows every namespace
 * @param clusterScoped    whether cluster-scoped objects (Namespaces, CRDs, ClusterRoles, …) may be applied
 * @param inventoryId      id of the inventory and the label value on every applied object
 */
public record Placement(String defaultNamespace, List<String> namespaces, boolean clusterScoped, String inventoryId) {

    public Placement {
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
    }

    /** Whether objects may go to {@code namespace}. */
    public boolean allowsNamespace(String namespace) {
        return namespaces.isEmpty() || namespaces.contains(namespace);
    }
}
