package io.shiplog.fleet;

import java.util.Optional;

/**
 * {@code audit}: the drift-auditor's store (a JDBC URL and credentials) and a token of its query API (kept for older
 * files: it is a write token of every service's API, like one in {@code api.tokens}).
 */
public record AuditSpec(Optional<Store> store, Optional<Secret> token) {

    public static final int MIN_TOKEN_LENGTH = ApiSpec.MIN_TOKEN_LENGTH;

    /** {@code audit.store}: where the audit projection lives. */
    public record Store(String url, Optional<String> username, Optional<Secret> password) {
    }
}
