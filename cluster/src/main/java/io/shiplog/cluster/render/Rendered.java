package io.shiplog.cluster.render;

import io.shiplog.cluster.manifest.LoadFailure;
import io.shiplog.cluster.manifest.Manifest;
import java.util.List;

/**
 * A unit's output: its objects (each with the unit's path as source) and the documents that were rejected.
 *
 * @param bytes the size of the renderer's output, what a cache entry costs
 */
public record Rendered(List<Manifest> manifests, List<LoadFailure> failures, long bytes) {

    public Rendered {
        manifests = List.copyOf(manifests);
        failures = List.copyOf(failures);
    }
}
