package io.shiplog.cluster.manifest;

import java.util.List;

/**
 * The objects of a cluster's paths at one commit, and the documents (or whole units) that were rejected. Each object's
 * and failure's {@code sourcePath} is the unit it came from: a plain file, or a rendered directory.
 *
 * @param commitSha the commit read
 * @param files     how many units (plain manifest files, rendered directories) were read
 * @param order     Flux {@code dependsOn} among the units
 */
public record LoadResult(String commitSha, List<Manifest> manifests, List<LoadFailure> failures, int files,
                         UnitOrder order) {

    public LoadResult {
        manifests = List.copyOf(manifests);
        failures = List.copyOf(failures);
    }

    public LoadResult(String commitSha, List<Manifest> manifests, List<LoadFailure> failures, int files) {
        this(commitSha, manifests, failures, files, UnitOrder.NONE);
    }
}
