package io.shiplog.cluster.render;

import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.manifest.UnitOrder;
import java.util.Map;

/**
 * Objects that stand for units (a Flux {@code Kustomization}): found among a plain file's objects, rendered in their
 * place and never applied themselves. A new kind (a Flux {@code HelmRelease}) is one more implementation.
 */
public interface ObjectRenderer {

    /** The kind of unit, e.g. {@code flux-kustomization}. */
    String kind();

    /** Whether {@code manifest} is rendered by this renderer (it is not applied). */
    boolean renders(Manifest manifest);

    /** Whether {@code manifest} only tells where sources are (a Flux {@code GitRepository}): it is not applied. */
    boolean drops(Manifest manifest);

    /**
     * The unit's name ({@code Kind namespace/name}) and what it waits for ({@code spec.dependsOn}); a unit that
     * orders nothing may return empty.
     */
    default java.util.Optional<Map.Entry<String, UnitOrder.Dependencies>> dependencies(Manifest manifest) {
        return java.util.Optional.empty();
    }

    /** The unit {@code manifest} stands for, ready to render; a failure names what is wrong with the object. */
    UnitRenderer.Prepared prepare(CommitView view, Manifest manifest, RenderOptions options)
            throws UnitFailedException;
}
