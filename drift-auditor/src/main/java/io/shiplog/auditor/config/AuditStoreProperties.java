package io.shiplog.auditor.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code shiplog.audit.store.*}: where the audit projection lives.
 *
 * @param url      JDBC URL; the default is an embedded SQLite file database in {@code ./shiplog-audit}, a
 *                 {@code jdbc:postgresql://…} URL uses PostgreSQL with the same schema and queries
 * @param username database user (ignored by SQLite)
 * @param password database password; never logged
 * @param poolSize read-only connections kept open for the queries (the projection writes on two more)
 */
@Validated
@ConfigurationProperties("shiplog.audit.store")
public record AuditStoreProperties(
        @NotBlank @DefaultValue("jdbc:sqlite:./shiplog-audit/audit.db") String url,
        @DefaultValue("sa") String username,
        @DefaultValue("") String password,
        @Min(2) @Max(64) @DefaultValue("6") int poolSize) {

    @Override
    public String toString() {
        return "AuditStoreProperties[url=" + JdbcUrls.redacted(url) + ", username=" + username + ", password=" + (password.isEmpty()
                ? "" : "****") + ", poolSize=" + poolSize + "]";
    }
}
