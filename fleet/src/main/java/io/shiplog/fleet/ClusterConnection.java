package io.shiplog.fleet;

import java.nio.file.Path;
import java.util.Optional;

/** How to reach a cluster's API server: a kubeconfig file (and context), or the pod's own service account. */
public sealed interface ClusterConnection permits ClusterConnection.Kubeconfig, ClusterConnection.InCluster {

    /** {@code kubeconfig: FILE} with an optional {@code context} (else the file's current context). */
    record Kubeconfig(Path file, Optional<String> context) implements ClusterConnection {
    }

    /** {@code inCluster: true}: the service account token and CA mounted into the pod. */
    record InCluster() implements ClusterConnection {
    }
}
