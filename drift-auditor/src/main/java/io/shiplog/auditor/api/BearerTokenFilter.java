package io.shiplog.auditor.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.web.filter.OncePerRequestFilter;

/** Lets an {@code /api/**} request through only with {@code Authorization: Bearer <token>}; 401 otherwise. */
public final class BearerTokenFilter extends OncePerRequestFilter {

    private final byte[] token;

    public BearerTokenFilter(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        boolean valid = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && MessageDigest.isEqual(
                header.substring(7).strip().getBytes(StandardCharsets.UTF_8), token);
        if (!valid) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"shiplog-audit\"");
            response.setContentType("application/json");
            response.getWriter().write("{\"status\":401,\"error\":\"Unauthorized\",\"message\":\""
                    + (header == null ? "an Authorization: Bearer token is required" : "the bearer token is not valid")
                    + "\"}");
            return;
        }
        chain.doFilter(request, response);
    }
}
