package io.shiplog.schemas.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request's bearer token: first as presented (not authenticated, the token as credentials), then, once matched,
 * as the configured token's name with its role's authorities ({@code read}; {@code read} and {@code write}).
 * {@link #toString()} never shows the token.
 */
public final class BearerToken extends AbstractAuthenticationToken {

    /** The authority of GET and HEAD requests. */
    public static final String READ = "read";
    /** The authority of every other method. */
    public static final String WRITE = "write";

    private final String name;
    private final ApiProperties.Role role;
    private transient String token;

    private BearerToken(String token, String name, ApiProperties.Role role) {
        super(role == null ? List.of() : role == ApiProperties.Role.WRITE
                ? List.of(new SimpleGrantedAuthority(READ), new SimpleGrantedAuthority(WRITE))
                : List.of(new SimpleGrantedAuthority(READ)));
        this.token = token;
        this.name = name;
        this.role = role;
        setAuthenticated(role != null);
    }

    /** A token as a request presented it. */
    public static BearerToken presented(String token) {
        return new BearerToken(token, null, null);
    }

    /** The configured token that matched. */
    public static BearerToken authenticated(ApiTokens.Match match) {
        return new BearerToken(null, match.name(), match.role());
    }

    /** The role of a matched token; null before. */
    public ApiProperties.Role role() {
        return role;
    }

    @Override
    public Object getCredentials() {
        return token;
    }

    @Override
    public Object getPrincipal() {
        return name == null ? "bearer token" : name;
    }

    @Override
    public String getName() {
        return (String) getPrincipal();
    }

    @Override
    public void eraseCredentials() {
        token = null;
        super.eraseCredentials();
    }

    @Override
    public String toString() {
        return "BearerToken[" + getPrincipal() + (role == null ? "" : ", " + role) + "]";
    }
}
