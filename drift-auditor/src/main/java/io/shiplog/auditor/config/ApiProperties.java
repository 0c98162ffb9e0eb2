package io.shiplog.auditor.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code shiplog.audit.api.*}: the audit query API.
 *
 * @param token the bearer token every {@code /api/**} request must carry (at least 16 characters); never logged
 */
@Validated
@ConfigurationProperties("shiplog.audit.api")
public record ApiProperties(@NotBlank @Size(min = 16) String token) {

    @Override
    public String toString() {
        return "ApiProperties[token=****]";
    }
}
