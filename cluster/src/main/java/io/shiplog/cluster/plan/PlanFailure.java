package io.shiplog.cluster.plan;

import io.shiplog.cluster.manifest.ObjectKey;

/**
 * An object of git that cannot be placed on the cluster (a kind the API server does not serve, a namespace outside
 * the allow-list, a cluster-scoped object where none may go), with the reason.
 *
 * @param version    API version of the manifest
 * @param sourcePath file in the config repository
 */
public record PlanFailure(ObjectKey key, String version, String message, String sourcePath) {
}
