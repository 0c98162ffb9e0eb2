package io.shiplog.gitwriter.manifest;

/** Which part of an image reference a YAML value holds. */
public enum ValuePart {
    /** The whole reference {@code [registry/]path[:tag][@digest]}. */
    FULL,
    /** The registry host alone (Helm {@code image.registry}); never rewritten. */
    REGISTRY,
    /** The repository, with or without registry (Helm {@code image.repository}, Flux {@code :name}). */
    REPOSITORY,
    /** The tag alone. */
    TAG,
    /** The digest alone ({@code sha256:…}). */
    DIGEST
}
