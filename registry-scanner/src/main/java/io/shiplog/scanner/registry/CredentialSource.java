package io.shiplog.scanner.registry;

import java.util.Optional;

/**
 * Credentials that are fetched rather than configured: a cloud registry's short-lived token (ECR, Artifact
 * Registry, ACR) or a docker credential helper's answer. Implementations keep what they fetched until shortly before
 * it expires and never put a secret into a message.
 */
public interface CredentialSource {

    /**
     * The credential for {@code host} now, fetched or renewed when needed; empty when this source has none for it.
     *
     * @throws CredentialException when it cannot be had, with a message naming the host and the source
     */
    Optional<Credentials.Credential> credential(String host) throws CredentialException;

    /** Forgets what was fetched for {@code host} (the registry refused it), so the next call fetches anew. */
    void invalidate(String host);
}
