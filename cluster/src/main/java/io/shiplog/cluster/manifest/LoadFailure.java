package io.shiplog.cluster.manifest;

import java.util.Optional;

/**
 * A document that could not be turned into an object: invalid YAML, or no apiVersion, kind or name.
 *
 * @param sourcePath    the file in the config repository, or the unit (a rendered directory) that failed
 * @param documentIndex 0-based document in the file
 * @param partial       what could be read of the object (its kind may be known but its name not)
 * @param message       why, naming the file and document; never the document's content
 */
public record LoadFailure(String sourcePath, int documentIndex, Optional<PartialObject> partial, String message) {

    /** The fields a rejected document did have, blank where missing. */
    public record PartialObject(String apiVersion, String kind, String namespace, String name) {
    }
}
