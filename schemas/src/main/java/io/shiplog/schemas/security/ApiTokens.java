package io.shiplog.schemas.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The tokens a service accepts: {@code shiplog.api.tokens} and, for older configurations, the audit API's token
 * ({@code shiplog.audit.api.token}, {@code audit.token} in the fleet file) as a write token named {@value #AUDIT}.
 * A presented token is compared with every configured one in constant time (digests of equal length, no early exit),
 * so neither timing nor length tells how close a guess came.
 */
public final class ApiTokens {

    /** The name of the token given as {@code shiplog.audit.api.token}. */
    public static final String AUDIT = "audit.token";

    private final List<Entry> entries;

    private record Entry(String name, ApiProperties.Role role, byte[] digest) {
    }

    /** A token that matched: its name and role. */
    public record Match(String name, ApiProperties.Role role) {
    }

    /**
     * @throws IllegalStateException when names repeat or the audit token is too short (the message names the
     *                               property, never a token)
     */
    public ApiTokens(ApiProperties properties, Optional<String> auditToken) {
        List<Entry> all = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ApiProperties.Token token : properties.tokens()) {
            if (!names.add(token.name())) {
                throw new IllegalStateException("shiplog.api.tokens: the name '" + token.name()
                        + "' is given twice (names must be unique: logs show them instead of the tokens)");
            }
            all.add(new Entry(token.name(), token.role(), digest(token.token())));
        }
        auditToken.filter(t -> !t.isBlank()).ifPresent(token -> {
            if (token.length() < ApiProperties.MIN_TOKEN_LENGTH) {
                throw new IllegalStateException("shiplog.api: the audit API token (shiplog.audit.api.token, "
                        + "audit.token in the fleet file) is shorter than " + ApiProperties.MIN_TOKEN_LENGTH
                        + " characters");
            }
            if (!names.add(AUDIT)) {
                throw new IllegalStateException("shiplog.api.tokens: the name '" + AUDIT + "' is the audit API "
                        + "token's (shiplog.audit.api.token); name the other token differently");
            }
            all.add(new Entry(AUDIT, ApiProperties.Role.WRITE, digest(token)));
        });
        this.entries = List.copyOf(all);
    }

    /** Whether no token is configured (then every protected request is refused). */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The names of the configured tokens. */
    public List<String> names() {
        return entries.stream().map(Entry::name).toList();
    }

    /** The configured token equal to {@code presented}, compared in constant time with each of them. */
    public Optional<Match> match(String presented) {
        byte[] digest = digest(presented);
        Entry found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), digest) && found == null) {
                found = entry;
            }
        }
        return Optional.ofNullable(found).map(e -> new Match(e.name(), e.role()));
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "ApiTokens" + names();
    }
}
