package io.shiplog.cluster.render;

/**
 * What a repository allows its units.
 *
 * @param allowRemoteBases whether kustomize may fetch remote bases and resources (with network access)
 */
public record RenderOptions(boolean allowRemoteBases) {

    /** Local references only. */
    public static final RenderOptions LOCAL = new RenderOptions(false);
}
