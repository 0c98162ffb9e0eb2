package io.shiplog.auditor.query;

import io.shiplog.auditor.support.RunningAuditor;
import io.shiplog.local.postgres.PostgresServer;
import java.nio.file.Files;
import java.util.UUID;

/**
 * The same known story and the same expected answers as {@link AuditQueriesIT}, with the audit store on a real
 * PostgreSQL server (testkit {@link PostgresServer}) by JDBC URL instead of the embedded SQLite database.
 */
class PostgresAuditQueriesIT extends AuditQueriesIT {

    @Override
    RunningAuditor startAuditor() throws Exception {
        PostgresServer postgres = PostgresServer.shared();
        String url = postgres.createDatabase("audit_" + UUID.randomUUID().toString().substring(0, 8));
        return RunningAuditor.start(Files.createTempDirectory("audit-queries-pg"),
                "--shiplog.audit.store.url=" + url,
                "--shiplog.audit.store.username=" + postgres.username(),
                "--shiplog.audit.store.password=" + postgres.password());
    }
}
