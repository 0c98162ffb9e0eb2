package io.shiplog.cluster.render.helm;

import io.shiplog.cluster.manifest.Manifest;
import java.util.List;

/**
 * What the Flux Helm objects of a cluster's manifests ask for.
 *
 * @param releases  the releases to render
 * @param consumed  the HelmReleases and the Flux sources they use: read by Shiplog, not applied
 * @param failures  HelmReleases that cannot be rendered (each naming the HelmRelease)
 */
public record HelmPlan(List<ChartRelease> releases, List<Manifest> consumed, List<HelmFailure> failures) {

    public HelmPlan {
        releases = List.copyOf(releases);
        consumed = List.copyOf(consumed);
        failures = List.copyOf(failures);
    }
}
