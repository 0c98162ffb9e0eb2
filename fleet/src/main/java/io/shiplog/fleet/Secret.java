package io.shiplog.fleet;

import java.util.Objects;

/**
 * A resolved secret: the value behind a {@code ${env:NAME}} or {@code ${file:/path}} reference. {@link #toString()}
 * is always {@code ****}; {@link #reveal()} gives the value to whoever needs it (a client's credentials). Two
 * secrets are equal when their values are.
 */
public final class Secret {

    /** What {@link #toString()} shows instead of a value. */
    public static final String MASK = "****";

    private final String value;
    private final String reference;

    public Secret(String value, String reference) {
        this.value = Objects.requireNonNull(value, "value");
        this.reference = Objects.requireNonNull(reference, "reference");
    }

    /** The value itself. Never log it. */
    public String reveal() {
        return value;
    }

    /** Where the value came from, e.g. {@code ${env:GIT_PASSWORD}}: safe to show. */
    public String reference() {
        return reference;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
