package io.shiplog.local.schemaregistry;

/**
 * One fact in the {@code _schemas} topic. Every instance applies the single-partition log in order with the rules of
 * {@link RegistryState}; see there why compaction cannot change the outcome.
 */
sealed interface LogRecord {

    /**
     * Claims version {@code version} of {@code subject} for schema id {@code id}. The writer read the log up to
     * {@code basedOn} (exclusive) before choosing the id and version; the claim counts only if it landed exactly
     * at that offset, i.e. nothing was written in between. {@code nonce} makes the record's key unique.
     */
    record Registered(String subject, int version, int id, SchemaDefinition schema, long basedOn, String nonce)
            implements LogRecord {
    }

    /** Soft ({@code permanent=false}) or permanent deletion of one subject version. */
    record VersionDeleted(String subject, int version, boolean permanent) implements LogRecord {
    }

    /** Sets ({@code level} non-null) or removes the compatibility level of a subject, or the global one. */
    record ConfigChanged(String subject, CompatibilityLevel level) implements LogRecord {

        boolean isGlobal() {
            return subject == null;
        }
    }
}
