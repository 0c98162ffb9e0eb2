package io.shiplog.local.kube;

/**
 * An API resource as discovery reports it: the plural used in URLs and whether objects live in a namespace.
 *
 * @param group API group, empty for the core group
 */
public record KubeResource(String group, String version, String kind, String plural, boolean namespaced) {

    /** {@code v1} for the core group, {@code group/version} otherwise. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }
}
