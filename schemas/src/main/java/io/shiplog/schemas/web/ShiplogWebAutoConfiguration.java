package io.shiplog.schemas.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/** What every service's HTTP endpoints share: the request body limit, applied before any other filter. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ShiplogWebAutoConfiguration {

    /** Default of {@code shiplog.http.max-body-bytes}: far above any webhook or API request Shiplog takes. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(Environment environment) {
        long max = environment.getProperty("shiplog.http.max-body-bytes", Long.class, DEFAULT_MAX_BODY_BYTES);
        FilterRegistrationBean<BodyLimitFilter> registration = new FilterRegistrationBean<>(new BodyLimitFilter(max));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
