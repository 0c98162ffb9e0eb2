package io.shiplog.fleet;

import java.util.List;
import java.util.Optional;

/**
 * {@code api}: the bearer tokens that every service's HTTP API accepts (each with a role) and the address the
 * services bind. {@code audit.token}, the older spelling, is one more write token.
 */
public record ApiSpec(List<Token> tokens, Optional<String> address) {

    public static final ApiSpec NONE = new ApiSpec(List.of(), Optional.empty());

    /** The shortest token accepted, once resolved. */
    public static final int MIN_TOKEN_LENGTH = 16;

    public ApiSpec {
        tokens = List.copyOf(tokens);
    }

    /** What a token may do: {@code read} (GET and HEAD) or {@code write} (every method). */
    public enum Role {
        READ, WRITE
    }

    /** {@code api.tokens[i]}: a named token and its role; the name is what logs show instead of the token. */
    public record Token(String name, Secret token, Role role) {
    }
}
