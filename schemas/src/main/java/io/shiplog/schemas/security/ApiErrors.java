package io.shiplog.schemas.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The answers of a refused request, as JSON like every other error of the services
 * ({@code {"status":401,"error":"Unauthorized","message":…,"path":…}}): 401 with {@code WWW-Authenticate: Bearer}
 * without a valid token, 403 for a read token on a write request. A wrong token and a refused read token are logged
 * with the request and the token's name, never with a presented token.
 */
public final class ApiErrors implements AuthenticationEntryPoint, AccessDeniedHandler {

    /** The message of a request without a bearer token. */
    public static final String MISSING = "an Authorization: Bearer token is required";

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);
    private static final String REALM = "Bearer realm=\"shiplog\"";

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        boolean invalid = failure instanceof BadCredentialsException;
        if (invalid) {
            LOG.info("refused {} {} from {}: {}", request.getMethod(), request.getRequestURI(),
                    request.getRemoteAddr(), ApiTokenAuthenticationProvider.INVALID);
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, invalid ? REALM + ", error=\"invalid_token\"" : REALM);
        write(response, request, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                invalid ? ApiTokenAuthenticationProvider.INVALID : MISSING);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String name = authentication == null ? "?" : authentication.getName();
        String message = "the token '" + name + "' may only read (GET, HEAD); " + request.getMethod()
                + " needs a token with role write";
        LOG.info("refused {} {} from {}: {}", request.getMethod(), request.getRequestURI(), request.getRemoteAddr(),
                message);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, REALM + ", error=\"insufficient_scope\"");
        write(response, request, HttpServletResponse.SC_FORBIDDEN, "Forbidden", message);
    }

    private static void write(HttpServletResponse response, HttpServletRequest request, int status, String error,
                              String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"status\":" + status + ",\"error\":\"" + error + "\",\"message\":"
                + json(message) + ",\"path\":" + json(request.getRequestURI()) + "}");
    }

    /** A JSON string literal. */
    static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
