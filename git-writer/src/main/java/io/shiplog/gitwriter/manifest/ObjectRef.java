package io.shiplog.gitwriter.manifest;

/** The Kubernetes object a value belongs to: group ("" for core), version, kind, namespace (null if absent), name. */
public record ObjectRef(String group, String version, String kind, String namespace, String name) {

    /** {@code kind/namespace/name} or {@code kind/name}. */
    @Override
    public String toString() {
        return kind + "/" + (namespace == null ? "" : namespace + "/") + name;
    }
}
