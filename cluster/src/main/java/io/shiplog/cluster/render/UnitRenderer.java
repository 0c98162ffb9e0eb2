package io.shiplog.cluster.render;

import java.util.Optional;

/** Renders the units of one kind. A new kind of unit (Helm, Flux) is one more implementation. */
public interface UnitRenderer {

    /** The kind of unit it renders, e.g. {@code kustomize}. */
    String kind();

    /**
     * Works out what {@code unit} reads at the commit {@code view} shows, without running anything: a failure (a
     * reference outside the repository, a remote base that is not allowed) is a {@link UnitFailedException}.
     */
    Prepared prepare(CommitView view, Unit unit, RenderOptions options) throws UnitFailedException;

    /** A unit ready to render. */
    interface Prepared {

        /** The hash of everything the unit reads and of the renderer; empty when it cannot be known (remote bases). */
        Optional<String> contentKey();

        /** Runs the renderer; its output's objects and rejected documents, or a {@link UnitFailedException}. */
        Rendered render() throws UnitFailedException;

        /** Whether what {@link #render} returned may be kept under the content key (asked after it rendered). */
        default boolean keepsOutput() {
            return true;
        }
    }
}
