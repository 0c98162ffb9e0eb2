package io.shiplog.cluster.render.helm;

import io.shiplog.cluster.manifest.Manifest;

/**
 * A HelmRelease that cannot be rendered, and why. The message names the HelmRelease and never holds values.
 *
 * @param helmRelease the HelmRelease object from git
 * @param message     what is wrong
 */
public record HelmFailure(Manifest helmRelease, String message) {
}
