package io.shiplog.auditor.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shiplog.auditor.config.AuditStoreProperties;
import io.shiplog.auditor.config.JdbcUrls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit store's database: connection pools on the configured JDBC URL, the schema migrated by Flyway at start-up
 * ({@link SchemaMigrator}), and a reset that drops everything (the log is the source of truth; the projection
 * rebuilds it from offset 0). The projection writes on one pool, the queries read on another of read-only
 * connections. The embedded default is a SQLite file in WAL mode, where the queries never wait for the writer.
 */
public final class AuditStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditStore.class);
    private static final String SQLITE = "jdbc:sqlite:";
    /** SQLite's open flags for read-only connections ({@code SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX}). */
    private static final String SQLITE_READ_ONLY_NO_MUTEX = String.valueOf(0x1 | 0x8000);
    /** And for the projection's ({@code SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX}). */
    private static final String SQLITE_READ_WRITE_NO_MUTEX = String.valueOf(0x2 | 0x4 | 0x8000);
    /** The projection writes on one connection at a time (SQLite allows one writer); the second is spare. */
    private static final int WRITER_POOL_SIZE = 2;

    private final HikariDataSource dataSource;
    private final HikariDataSource queryDataSource;
    private final String url;
    private final JdbcClient jdbc;
    private final JdbcClient queries;
    private final TransactionTemplate transactions;

    private AuditStore(HikariDataSource dataSource, HikariDataSource queryDataSource, String url) {
        this.dataSource = dataSource;
        this.queryDataSource = queryDataSource;
        this.url = url;
        this.jdbc = JdbcClient.create(dataSource);
        this.queries = JdbcClient.create(queryDataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /**
     * Opens the store and migrates its schema; fails naming the URL (never the password) when it cannot. The projection
     * writes on a pool of two connections; the queries read on their own pool of read-only connections.
     */
    public static AuditStore open(AuditStoreProperties properties) {
        boolean sqlite = properties.url().startsWith(SQLITE);
        if (sqlite) {
            createParentDirectory(properties.url());
        }
        HikariDataSource dataSource = pool(properties, "audit-store", WRITER_POOL_SIZE, sqlite, false);
        try {
            String version = SchemaMigrator.migrate(dataSource);
            LOG.info("audit store {} at schema version {}", JdbcUrls.redacted(properties.url()), version);
        } catch (RuntimeException e) {
            dataSource.close();
            throw new IllegalStateException("audit store " + JdbcUrls.redacted(properties.url())
                    + ": schema migration failed: " + JdbcUrls.redacted(e.getMessage()), JdbcUrls.redactedCopy(e));
        }
        try {
            return new AuditStore(dataSource, pool(properties, "audit-store-queries", properties.poolSize(), sqlite,
                    true), JdbcUrls.redacted(properties.url()));
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
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
        config.setReadOnly(readOnly);
        if (sqlite) {
            // WAL: readers see the last commit and never block the writer; NORMAL sync keeps every commit atomic
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("busy_timeout", "30000");
            config.addDataSourceProperty("cache_size", "-131072");
            config.addDataSourceProperty("temp_store", "MEMORY");
            // each connection is used by one thread at a time (the pool's contract, and sqlite-jdbc's own locks), so
            // SQLite's per-connection mutex (entered on every bound value and step) is left out: SQLITE_OPEN_NOMUTEX
            config.addDataSourceProperty("open_mode", readOnly ? SQLITE_READ_ONLY_NO_MUTEX : SQLITE_READ_WRITE_NO_MUTEX);
        }
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("shiplog.audit.store.url " + JdbcUrls.redacted(properties.url())
                    + " cannot be opened: " + JdbcUrls.redacted(e.getMessage()), JdbcUrls.redactedCopy(e));
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
            throw new IllegalStateException("shiplog.audit.store.url " + JdbcUrls.redacted(url) + ": cannot create "
                    + parent + ": "
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

    /** SQL on the projection's pool; inside {@link #transactions()} it runs in that transaction. */
    public JdbcClient jdbc() {
        return jdbc;
    }

    /** SQL on the read-only query pool. */
    public JdbcClient queries() {
        return queries;
    }

    /** Transactions on the projection's pool. */
    public TransactionTemplate transactions() {
        return transactions;
    }

    /** The store's URL with any password masked, for logs and messages. */
    public String url() {
        return url;
    }

    /** Drops every table of the store and migrates again: an empty store at offset 0. */
    public void reset() {
        List<String> tables = SchemaMigrator.tables();
        transactions.executeWithoutResult(status -> tables.forEach(table ->
                jdbc.sql("DROP TABLE IF EXISTS " + table).update()));
        SchemaMigrator.migrate(dataSource);
        LOG.info("audit store {} was reset to an empty projection", url);
    }

    @Override
    public void close() {
        queryDataSource.close();
        dataSource.close();
    }
}
