package io.shiplog.schemas.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code shiplog.api.*}: the bearer tokens of the service's HTTP API ({@code api.tokens} of the fleet file).
 *
 * @param tokens each token with its name (what logs show) and role; none means the API refuses every request
 */
@Validated
@ConfigurationProperties("shiplog.api")
public record ApiProperties(@Valid List<Token> tokens) {

    /** The shortest token accepted. */
    public static final int MIN_TOKEN_LENGTH = 16;

    public ApiProperties {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }

    /** What a token may do: {@code read} (GET and HEAD) or {@code write} (every method). */
    public enum Role {
        READ, WRITE
    }

    /**
     * One token.
     *
     * @param name  what logs and errors show instead of the token
     * @param token the secret itself, at least {@value #MIN_TOKEN_LENGTH} characters; never shown
     * @param role  {@code read} or {@code write}
     */
    public record Token(@NotBlank @Pattern(regexp = "[A-Za-z0-9._-]+") String name,
                        @NotNull @Size(min = MIN_TOKEN_LENGTH) String token,
                        @NotNull Role role) {

        @Override
        public String toString() {
            return "Token[name=" + name + ", token=****, role=" + role + "]";
        }
    }
}
