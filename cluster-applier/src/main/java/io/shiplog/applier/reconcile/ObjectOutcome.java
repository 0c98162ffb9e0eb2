package io.shiplog.applier.reconcile;

import io.shiplog.cluster.manifest.ObjectKey;
import java.util.List;

/**
 * The result for one object.
 *
 * @param version    API version it was applied in (empty when unknown, e.g. an unparsable document)
 * @param message    the API server's or Shiplog's reason for FAILED and SKIPPED (and notes such as recreation);
 *                   never a Secret value
 * @param images     container images of a workload as applied
 * @param sourcePath file in the config repository; null for pruned objects
 */
public record ObjectOutcome(ObjectKey key, String version, Action action, String message, Health health,
                            List<String> images, String sourcePath) {

    public ObjectOutcome {
        images = List.copyOf(images);
    }

    public static ObjectOutcome failed(ObjectKey key, String version, String message, String sourcePath) {
        return new ObjectOutcome(key, version, Action.FAILED, message, Health.UNKNOWN, List.of(), sourcePath);
    }

    public ObjectOutcome withHealth(Health newHealth) {
        return new ObjectOutcome(key, version, action, message, newHealth, images, sourcePath);
    }
}
