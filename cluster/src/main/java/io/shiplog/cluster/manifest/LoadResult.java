package io.shiplog.cluster.manifest;

import java.util.List;

/**
 * The objects of a cluster's paths at one commit, and the documents that were rejected.
 *
 * @param commitSha the commit read
 * @param files     how many manifest files were read
 */
public record LoadResult(String commitSha, List<Manifest> manifests, List<LoadFailure> failures, int files) {

    public LoadResult {
        manifests = List.copyOf(manifests);
        failures = List.copyOf(failures);
    }
}
