package io.shiplog.cluster.config;

import java.nio.file.Path;

/**
 * How to reach a cluster's API server, the same for every service that talks to it: a kubeconfig file (and one of
 * its contexts) or the pod's own service account, optionally impersonating a user.
 *
 * @param kubeconfig  kubeconfig file; {@code null} when {@code inCluster}
 * @param context     context of the kubeconfig; its current context when {@code null} or blank
 * @param inCluster   use the pod's service account instead of a kubeconfig
 * @param impersonate user to impersonate, e.g. {@code system:serviceaccount:shiplog:deployer}; none when blank
 */
public record ClusterConnection(Path kubeconfig, String context, boolean inCluster, String impersonate) {

    /** A kubeconfig file's current context, no impersonation. */
    public static ClusterConnection kubeconfig(Path file) {
        return new ClusterConnection(file, null, false, null);
    }

    /** Where the credentials come from, for messages: the kubeconfig (and context) or in-cluster. */
    public String describe() {
        if (inCluster) {
            return "in-cluster credentials";
        }
        return "kubeconfig " + kubeconfig + (context == null || context.isBlank() ? "" : " context " + context);
    }
}
