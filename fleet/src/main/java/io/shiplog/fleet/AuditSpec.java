package io.shiplog.fleet;

import java.util.Optional;

/** {@code audit}: the drift-auditor's store (a JDBC URL and credentials) and the token of its query API. */
public record AuditSpec(Optional<Store> store, Optional<Secret> token) {

    public static final int MIN_TOKEN_LENGTH = 16;

    /** {@code audit.store}: where the audit projection lives. */
    public record Store(String url, Optional<String> username, Optional<Secret> password) {
    }
}
