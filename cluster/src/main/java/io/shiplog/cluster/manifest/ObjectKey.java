package io.shiplog.cluster.manifest;

import java.util.Comparator;
import java.util.Objects;

/**
 * The identity of a Kubernetes object, independent of the API version it is read in.
 *
 * @param group     API group, empty for the core group
 * @param namespace null for cluster-scoped objects (and for namespaced ones not yet defaulted)
 */
public record ObjectKey(String group, String kind, String namespace, String name) implements Comparable<ObjectKey> {

    private static final Comparator<ObjectKey> ORDER = Comparator.comparing(ObjectKey::group)
            .thenComparing(ObjectKey::kind)
            .thenComparing(k -> k.namespace() == null ? "" : k.namespace())
            .thenComparing(ObjectKey::name);

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
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return (group.isEmpty() ? "" : group + "/") + kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
