package io.shiplog.cluster.render;

import org.eclipse.jgit.lib.ObjectId;

/**
 * What is rendered as a whole: a plain manifest file, or a directory built by a renderer (kustomize). Its identity is
 * its path in the repository; every object and failure it yields names that path as its source.
 *
 * @param path the file or directory, relative to the repository root ("" is the root)
 * @param kind the renderer's {@link UnitRenderer#kind()}
 * @param id   the blob or tree id at the commit
 */
public record Unit(String path, String kind, ObjectId id) {

    /** The path as shown to users ({@code .} for the repository root). */
    public String name() {
        return path.isEmpty() ? "." : path;
    }

    @Override
    public String toString() {
        return kind + " unit " + name();
    }
}
