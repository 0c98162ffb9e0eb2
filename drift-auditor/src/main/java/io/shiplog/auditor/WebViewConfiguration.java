package io.shiplog.auditor;

import io.shiplog.auditor.query.TraceQuery;
import io.shiplog.auditor.store.AuditStore;
import io.shiplog.auditor.web.FleetQueries;
import io.shiplog.auditor.web.WebViewSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web view: its page and scripts under {@code /ui/} (static, open: they hold no data; every datum comes from
 * {@code /api/v1} with the bearer token the page asks for) and the reads it needs besides the audit queries.
 */
@Configuration(proxyBeanMethods = false)
public class WebViewConfiguration implements WebMvcConfigurer {

    @Bean
    FleetQueries fleetQueries(AuditStore store, TraceQuery trace) {
        return new FleetQueries(store.queries(), trace);
    }

    /** Before the API's chain, which would ask for a bearer token a browser cannot send when it opens a page. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain webViewSecurity(HttpSecurity http) throws Exception {
        return WebViewSecurity.chain(http);
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/", WebViewSecurity.HOME);
        registry.addRedirectViewController("/ui", WebViewSecurity.HOME);
        registry.addViewController(WebViewSecurity.HOME).setViewName("forward:" + WebViewSecurity.HOME + "index.html");
    }
}
