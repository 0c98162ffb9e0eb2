package io.shiplog.schemas.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads {@code Authorization: Bearer <token>} (the scheme in any case). No header, or another scheme, is no
 * authentication at all (the request is then refused as unauthenticated); {@code Bearer} without a token is a bad one.
 */
public final class BearerTokenConverter implements AuthenticationConverter {

    private static final String SCHEME = "Bearer";

    @Override
    public Authentication convert(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || (header.length() > SCHEME.length() && header.charAt(SCHEME.length()) != ' ')) {
            return null;
        }
        String token = header.substring(SCHEME.length()).strip();
        if (token.isEmpty()) {
            throw new BadCredentialsException(ApiTokenAuthenticationProvider.INVALID);
        }
        return BearerToken.presented(token);
    }
}
