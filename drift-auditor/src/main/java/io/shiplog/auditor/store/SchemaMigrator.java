package io.shiplog.auditor.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our own versioned schema migration: {@code db/audit/V<n>__<name>.sql} on the classpath, applied in order, each in
 * one transaction, recorded in {@code audit_schema_version}. Statements are separated by {@code ;} at line ends.
 */
final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    /** The migrations in order; a new version is appended here and as a file. */
    static final List<String> MIGRATIONS = List.of("V1__projection.sql",
            "V2__sequential_keys_and_placements.sql", "V3__covering_cluster_index.sql", "V4__update_skips.sql");

    private SchemaMigrator() {
    }

    /** Brings the schema to the newest version; returns the version it is at. */
    static int migrate(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS audit_schema_version (version INTEGER NOT NULL "
                        + "PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)");
            }
            connection.commit();
            int current = currentVersion(connection);
            for (int version = current + 1; version <= MIGRATIONS.size(); version++) {
                String name = MIGRATIONS.get(version - 1);
                try (Statement statement = connection.createStatement()) {
                    for (String sql : statements(read(name))) {
                        statement.execute(sql);
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO audit_schema_version (version, name, applied_at) VALUES (?, ?, ?)")) {
                    insert.setInt(1, version);
                    insert.setString(2, name);
                    insert.setLong(3, System.currentTimeMillis());
                    insert.executeUpdate();
                }
                connection.commit();
                LOG.info("audit store schema migrated to version {} ({})", version, name);
            }
            return MIGRATIONS.size();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM audit_schema_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    /** Every table the migrations create, for dropping the store before a rebuild. */
    static List<String> tables() {
        List<String> tables = new ArrayList<>();
        for (String name : MIGRATIONS) {
            for (String sql : statements(read(name))) {
                String upper = sql.toUpperCase();
                if (upper.startsWith("CREATE TABLE ")) {
                    tables.add(sql.substring("CREATE TABLE ".length()).split("[\\s(]", 2)[0]);
                }
            }
        }
        tables.add("audit_schema_version");
        return tables;
    }

    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private static String read(String name) {
        try (InputStream in = SchemaMigrator.class.getResourceAsStream("/db/audit/" + name)) {
            if (in == null) {
                throw new IllegalStateException("migration db/audit/" + name + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration " + name, e);
        }
    }
}
