package io.shiplog.cluster.render;

import io.shiplog.cluster.manifest.DocumentDecryptor;

/**
 * What a load allows its units and how it decrypts them.
 *
 * @param allowRemoteBases whether kustomize may fetch remote bases and resources (with network access)
 * @param documents        decrypts a plain file's documents before they are checked (SOPS files applied as written)
 * @param objects          decrypts each rendered object (SOPS values that went through kustomize)
 * @param repositoryUrl    the URL of the repository rendered: a Flux {@code GitRepository} naming it is a chart
 *                         source in this tree (null: unknown, such sources are refused)
 */
public record RenderOptions(boolean allowRemoteBases, DocumentDecryptor documents, ObjectDecryptor objects,
                            String repositoryUrl) {

    /** Local references only, nothing decrypted. */
    public static final RenderOptions LOCAL = new RenderOptions(false);

    /** Nothing decrypted. */
    public RenderOptions(boolean allowRemoteBases) {
        this(allowRemoteBases, DocumentDecryptor.NONE, ObjectDecryptor.NONE, null);
    }

    /** These options for the repository at {@code url}. */
    public RenderOptions forRepository(String url) {
        return new RenderOptions(allowRemoteBases, documents, objects, url);
    }
}
