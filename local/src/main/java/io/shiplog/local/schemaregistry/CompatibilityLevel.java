package io.shiplog.local.schemaregistry;

import java.util.Locale;

/** Confluent's compatibility levels; BACKWARD is the registry's default. */
enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    static final CompatibilityLevel DEFAULT = BACKWARD;

    /** The new schema must read data written with the old ones. */
    final boolean newReadsOld;
    /** The old schemas must read data written with the new one. */
    final boolean oldReadsNew;
    /** Checked against every live version rather than only the latest. */
    final boolean transitive;

    CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    /** Parses a level case-insensitively; throws 42203 naming the bad value otherwise. */
    static CompatibilityLevel parse(String value) {
        if (value != null) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                // fall through to the registry's own error
            }
        }
        throw RegistryException.invalidCompatibilityLevel(value);
    }
}
