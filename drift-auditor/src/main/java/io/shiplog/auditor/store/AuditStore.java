package io.shiplog.auditor.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit store's database: a connection pool on the configured JDBC URL, the schema migrated at start-up, and a
 * reset that drops everything (the log is the source of truth; the projection rebuilds it from offset 0).
 */
public final class AuditStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditStore.class);

    private final HikariDataSource dataSource;
    private final String url;

    private AuditStore(HikariDataSource dataSource, String url) {
        this.dataSource = dataSource;
        this.url = url;
    }

    /** Opens the store and migrates its schema; fails naming the URL (never the password) when it cannot. */
    public static AuditStore open(AuditStoreProperties properties) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(properties.url());
        config.setUsername(properties.username());
        config.setPassword(properties.password());
        config.setMaximumPoolSize(properties.poolSize());
        config.setPoolName("audit-store");
        config.setInitializationFailTimeout(30_000);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("shiplog.audit.store.url " + properties.url() + " cannot be opened: "
                    + e.getMessage(), e);
        }
        AuditStore store = new AuditStore(dataSource, properties.url());
        try (Connection connection = dataSource.getConnection()) {
            int version = SchemaMigrator.migrate(connection);
            LOG.info("audit store {} at schema version {}", properties.url(), version);
        } catch (SQLException e) {
            store.close();
            throw new IllegalStateException("audit store " + properties.url() + ": schema migration failed: "
                    + e.getMessage(), e);
        }
        return store;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String url() {
        return url;
    }

    /** Drops every table and migrates again: an empty store at offset 0. */
    public void reset() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            List<String> tables = SchemaMigrator.tables();
            try (Statement statement = connection.createStatement()) {
                for (String table : tables) {
                    statement.execute("DROP TABLE IF EXISTS " + table);
                }
            }
            connection.commit();
            connection.setAutoCommit(true);
            SchemaMigrator.migrate(connection);
        }
        LOG.info("audit store {} was reset to an empty projection", url);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
