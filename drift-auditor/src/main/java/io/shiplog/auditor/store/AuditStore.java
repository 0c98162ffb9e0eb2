package io.shiplog.auditor.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit store's database: connection pools on the configured JDBC URL, the schema migrated at start-up, and a
 * reset that drops everything (the log is the source of truth; the projection rebuilds it from offset 0). The
 * embedded default is a SQLite file in WAL mode: one writer (the projection) and read-only connections for the
 * queries, which never wait for it.
 */
public final class AuditStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditStore.class);
    private static final String SQLITE = "jdbc:sqlite:";
    /** SQLite's open flag for read-only connections ({@code SQLITE_OPEN_READONLY}). */
    private static final String SQLITE_READ_ONLY = "1";

    private final HikariDataSource dataSource;
    private final HikariDataSource queryDataSource;
    private final String url;

    private AuditStore(HikariDataSource dataSource, HikariDataSource queryDataSource, String url) {
        this.dataSource = dataSource;
        this.queryDataSource = queryDataSource;
        this.url = url;
    }

    /** Opens the store and migrates its schema; fails naming the URL (never the password) when it cannot. */
    public static AuditStore open(AuditStoreProperties properties) {
        boolean sqlite = properties.url().startsWith(SQLITE);
        if (sqlite) {
            createParentDirectory(properties.url());
        }
        HikariDataSource dataSource = pool(properties, "audit-store", sqlite ? 2 : properties.poolSize(), sqlite,
                false);
        try (Connection connection = dataSource.getConnection()) {
            int version = SchemaMigrator.migrate(connection);
            LOG.info("audit store {} at schema version {}", properties.url(), version);
        } catch (SQLException e) {
            dataSource.close();
            throw new IllegalStateException("audit store " + properties.url() + ": schema migration failed: "
                    + e.getMessage(), e);
        }
        HikariDataSource queries = dataSource;
        if (sqlite) {
            try {
                queries = pool(properties, "audit-store-queries", properties.poolSize(), true, true);
            } catch (RuntimeException e) {
                dataSource.close();
                throw e;
            }
        }
        return new AuditStore(dataSource, queries, properties.url());
    }

    private static HikariDataSource pool(AuditStoreProperties properties, String name, int size, boolean sqlite,
                                         boolean readOnly) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(properties.url());
        config.setUsername(properties.username());
        config.setPassword(properties.password());
        config.setMaximumPoolSize(size);
        config.setPoolName(name);
        config.setInitializationFailTimeout(30_000);
        if (sqlite) {
            // WAL: readers see the last commit and never block the writer; NORMAL sync keeps every commit atomic
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("busy_timeout", "30000");
            config.addDataSourceProperty("cache_size", "-131072");
            config.addDataSourceProperty("temp_store", "MEMORY");
            if (readOnly) {
                config.addDataSourceProperty("open_mode", SQLITE_READ_ONLY);
                config.setReadOnly(true);
            }
        }
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("shiplog.audit.store.url " + properties.url() + " cannot be opened: "
                    + e.getMessage(), e);
        }
    }

    /** SQLite creates the file but not its directory. */
    private static void createParentDirectory(String url) {
        String path = url.substring(SQLITE.length());
        int query = path.indexOf('?');
        path = query < 0 ? path : path.substring(0, query);
        if (path.isBlank() || path.startsWith(":memory:") || path.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new IllegalStateException("shiplog.audit.store.url " + url + ": cannot create " + parent + ": "
                    + e.getMessage(), e);
        }
    }

    /** The pool the projection writes with. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The pool the read-only queries use (on SQLite, connections opened read-only). */
    public DataSource queryDataSource() {
        return queryDataSource;
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
        if (queryDataSource != dataSource) {
            queryDataSource.close();
        }
        dataSource.close();
    }
}
