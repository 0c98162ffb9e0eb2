package io.shiplog.cluster.manifest;

import java.util.Objects;

/**
 * The identity of a Kubernetes object, independent of the API version it is read in.
 *
 * @param group     API group, empty for the core group
 * @param namespace null for cluster-scoped objects (and for namespaced ones not yet defaulted)
 */
public record ObjectKey(String group, String kind, String namespace, String name) implements Comparable<ObjectKey> {

    public ObjectKey {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /** The group of an {@code apiVersion} ({@code apps/v1} → {@code apps}, {@code v1} → empty). */
    public static String groupOf(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** The version of an {@code apiVersion}. */
    public static String versionOf(String apiVersion) {
        return apiVersion.substring(apiVersion.indexOf('/') + 1);
    }

    public ObjectKey inNamespace(String newNamespace) {
        return new ObjectKey(group, kind, newNamespace, name);
    }

    @Override
    public int compareTo(ObjectKey other) {
        // group, kind, namespace (cluster-scoped first), name; written out: inventories sort thousands of keys
        int order = group.compareTo(other.group);
        if (order == 0) {
            order = kind.compareTo(other.kind);
        }
        if (order == 0) {
            order = (namespace == null ? "" : namespace).compareTo(other.namespace == null ? "" : other.namespace);
        }
        return order == 0 ? name.compareTo(other.name) : order;
    }

    @Override
    public String toString() {
        return (group.isEmpty() ? "" : group + "/") + kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
