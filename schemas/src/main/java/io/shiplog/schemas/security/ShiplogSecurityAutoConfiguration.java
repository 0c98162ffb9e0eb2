package io.shiplog.schemas.security;

import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * The security every service's HTTP endpoints share (Spring Security): stateless, no CSRF (bearer tokens, no
 * cookies), no basic or form login. Health, Prometheus and info are open; {@code /webhooks/**} is left to each
 * webhook's own verifier (token or signature); every other request needs {@code Authorization: Bearer <token>} of
 * {@code shiplog.api.tokens}: GET and HEAD a read or write token, every other method a write token. The request
 * body limit ({@code ShiplogWebAutoConfiguration}) runs before this chain, so bodies are bounded before
 * authentication.
 */
@AutoConfiguration(before = {SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
        ManagementWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
@EnableWebSecurity
@EnableConfigurationProperties(ApiProperties.class)
public class ShiplogSecurityAutoConfiguration {

    /** Endpoints open to anyone: probes, the Prometheus scrape and the build info. */
    public static final List<String> OPEN_PATHS = List.of("/actuator/health", "/actuator/health/**",
            "/actuator/prometheus", "/actuator/info");
    /** Where the webhooks live; each checks its caller itself. */
    public static final String WEBHOOKS_PREFIX = "/webhooks/";

    @Bean
    ApiTokens shiplogApiTokens(ApiProperties properties, Environment environment) {
        return new ApiTokens(properties, Optional.ofNullable(environment.getProperty("shiplog.audit.api.token")));
    }

    @Bean
    ApiTokenAuthenticationProvider shiplogApiTokenAuthenticationProvider(ApiTokens tokens) {
        return new ApiTokenAuthenticationProvider(tokens);
    }

    @Bean
    SecurityFilterChain shiplogApiSecurity(HttpSecurity http, ApiTokenAuthenticationProvider provider)
            throws Exception {
        ApiErrors errors = new ApiErrors();
        RequestMatcher open = open();
        AuthenticationFilter bearer = new AuthenticationFilter(new ProviderManager(provider),
                new BearerTokenConverter());
        bearer.setRequestMatcher(new NegatedRequestMatcher(open));
        bearer.setSuccessHandler((request, response, authentication) -> { });
        bearer.setFailureHandler(new AuthenticationEntryPointFailureHandler(errors));
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(errors).accessDeniedHandler(errors))
                .addFilterBefore(bearer, AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(open).permitAll()
                        .requestMatchers(HttpMethod.GET, "/**").hasAnyAuthority(BearerToken.READ, BearerToken.WRITE)
                        .requestMatchers(HttpMethod.HEAD, "/**").hasAnyAuthority(BearerToken.READ, BearerToken.WRITE)
                        .anyRequest().hasAuthority(BearerToken.WRITE));
        return http.build();
    }

    /** The open endpoints and the webhooks: no bearer token is read there (a webhook's own token is no API token). */
    static RequestMatcher open() {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        List<RequestMatcher> matchers = new ArrayList<>();
        OPEN_PATHS.forEach(path -> matchers.add(paths.matcher(path)));
        matchers.add(paths.matcher(WEBHOOKS_PREFIX + "**"));
        return new OrRequestMatcher(matchers);
    }

    @Bean
    @ConditionalOnClass(RequestMappingInfoHandlerMapping.class)
    ProtectedEndpointsCheck shiplogProtectedEndpointsCheck(ListableBeanFactory beans, ApiTokens tokens,
                                                           Environment environment) {
        return new ProtectedEndpointsCheck(beans, tokens,
                environment.getProperty("spring.application.name", "this service"));
    }
}
