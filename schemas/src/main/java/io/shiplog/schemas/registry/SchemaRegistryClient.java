package io.shiplog.schemas.registry;

import java.util.Optional;
import org.apache.avro.Schema;

/**
 * A client of a Confluent-compatible Schema Registry (Avro schemas only).
 * Every method either answers or throws {@link RegistryException}; none blocks past the configured timeouts.
 */
public interface SchemaRegistryClient {

    /** Registers {@code schema} under {@code subject} (a no-op when it already is) and returns its global id. */
    int register(String subject, Schema schema);

    /** The id of {@code schema} if it is registered under {@code subject}; a 404 {@link RegistryException} if not. */
    int idOf(String subject, Schema schema);

    /** The newest version registered under {@code subject}. */
    RegisteredSchema latest(String subject);

    /** The schema with the global {@code id}. */
    Schema schemaById(int id);

    /** Whether {@code schema} may be registered next under {@code subject}, by the subject's compatibility level. */
    CompatibilityResult checkCompatibility(String subject, Schema schema);

    /** The global compatibility level, e.g. {@code BACKWARD}. */
    String compatibility();

    /** The compatibility level set on {@code subject} itself; empty when the subject follows the global level. */
    Optional<String> compatibility(String subject);

    /** Sets the global compatibility level. */
    void updateCompatibility(String level);

    /** Sets the compatibility level of {@code subject}. */
    void updateCompatibility(String subject, String level);

    /** Where this client points, for messages: the registry URLs with any credentials masked. */
    String describe();
}
