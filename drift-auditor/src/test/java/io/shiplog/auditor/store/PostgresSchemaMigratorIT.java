package io.shiplog.auditor.store;

import io.shiplog.auditor.config.AuditStoreProperties;
import io.shiplog.local.postgres.PostgresServer;
import java.util.UUID;

/** The same schema cases as {@link SchemaMigratorTest}, each on a new database of a real PostgreSQL server. */
class PostgresSchemaMigratorIT extends SchemaMigratorTest {

    @Override
    AuditStoreProperties newDatabase() {
        PostgresServer postgres = PostgresServer.shared();
        String url = postgres.createDatabase("schema_" + UUID.randomUUID().toString().substring(0, 8));
        return new AuditStoreProperties(url, postgres.username(), postgres.password(), 2);
    }
}
