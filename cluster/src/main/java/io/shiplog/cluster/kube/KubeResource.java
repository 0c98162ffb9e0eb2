package io.shiplog.cluster.kube;

/**
 * An API resource as discovery reports it.
 *
 * @param group  API group, empty for the core group
 * @param plural the name in URLs
 */
public record KubeResource(String group, String version, String kind, String plural, boolean namespaced) {

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }
}
