package io.shiplog.schemas.security;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Stops the start of a service that serves endpoints needing a bearer token (the applier's {@code /clusters}, the
 * auditor's {@code /api/v1}) while no token is configured: such a service would answer every request with 401, which
 * a user would only find out when the first call fails. A service with only webhooks and actuator endpoints starts
 * (the scanner).
 */
final class ProtectedEndpointsCheck implements SmartInitializingSingleton {

    private final ListableBeanFactory beans;
    private final ApiTokens tokens;
    private final String service;

    ProtectedEndpointsCheck(ListableBeanFactory beans, ApiTokens tokens, String service) {
        this.beans = beans;
        this.tokens = tokens;
        this.service = service;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!tokens.isEmpty()) {
            return;
        }
        Set<String> guarded = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping mapping
                : beans.getBeansOfType(RequestMappingInfoHandlerMapping.class, false, false).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                info.getPatternValues().stream().filter(ProtectedEndpointsCheck::guarded).forEach(guarded::add);
            }
        }
        if (!guarded.isEmpty()) {
            throw new IllegalStateException(service + " serves " + String.join(", ", List.copyOf(guarded))
                    + ", which need a bearer token, and no token is configured: add api.tokens (name, token as a "
                    + "${file:} or ${env:} reference, role read or write) to the fleet file, or set "
                    + "shiplog.api.tokens[0].name, .token and .role");
        }
    }

    private static boolean guarded(String pattern) {
        // the actuator's own endpoints (links, anything exposed beyond health, info and Prometheus) are refused
        // without a token but make no API of their own
        return !pattern.startsWith(ShiplogSecurityAutoConfiguration.WEBHOOKS_PREFIX) && !pattern.equals("/error")
                && !pattern.equals("/actuator") && !pattern.startsWith("/actuator/");
    }
}
