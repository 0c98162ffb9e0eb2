package io.shiplog.auditor.web;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The web view's static files: open to GET and HEAD (the page, its script and styles hold no data), everything else
 * refused; a Content-Security-Policy that lets the page load and call only its own origin (no inline script, no
 * CDN, no frames). The data the page shows comes from {@code /api/v1}, under the API's bearer token.
 */
public final class WebViewSecurity {

    /** Where the web view lives. */
    public static final String HOME = "/ui/";
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private WebViewSecurity() {
    }

    /** The chain of {@code /}, {@code /ui} and {@code /ui/**}. */
    public static SecurityFilterChain chain(HttpSecurity http) throws Exception {
        http.securityMatcher("/", "/ui", HOME + "**")
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(POLICY)))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET).permitAll()
                        .requestMatchers(HttpMethod.HEAD).permitAll()
                        .anyRequest().denyAll());
        return http.build();
    }
}
