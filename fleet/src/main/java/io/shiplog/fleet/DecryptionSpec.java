package io.shiplog.fleet;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code clusters[].decryption}: the age keys that decrypt the cluster's SOPS-encrypted files, from a key file on
 * the services' disk (its content is secret, its path is not) and/or a Secret in the target cluster whose data keys
 * ending in {@code .agekey} hold them (Flux's convention).
 */
public record DecryptionSpec(Optional<Path> keyFile, Optional<SecretRef> secret) {

    /** {@code namespace/name} of a Secret in the target cluster. */
    public record SecretRef(String namespace, String name) {

        @Override
        public String toString() {
            return namespace + "/" + name;
        }
    }
}
