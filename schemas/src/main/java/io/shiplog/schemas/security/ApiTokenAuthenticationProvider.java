package io.shiplog.schemas.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/** Authenticates a {@link BearerToken} against the configured {@link ApiTokens}. */
public final class ApiTokenAuthenticationProvider implements AuthenticationProvider {

    /** The message of a token that matches none (the same for every wrong token). */
    public static final String INVALID = "the bearer token is not valid";

    private final ApiTokens tokens;

    public ApiTokenAuthenticationProvider(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        Object presented = authentication.getCredentials();
        return tokens.match(presented == null ? "" : presented.toString()).map(BearerToken::authenticated)
                .orElseThrow(() -> new BadCredentialsException(INVALID));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerToken.class.isAssignableFrom(authentication);
    }
}
