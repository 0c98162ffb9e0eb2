package io.shiplog.auditor.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Parameterised, read-only SQL on the audit store: every value is bound, never concatenated. */
final class Jdbc {

    /** Maps the current row. */
    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Works on one read-only connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    <T> List<T> list(String sql, Row<T> mapper, Object... params) {
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, params);
                try (ResultSet rows = statement.executeQuery()) {
                    List<T> out = new ArrayList<>();
                    while (rows.next()) {
                        out.add(mapper.map(rows));
                    }
                    return out;
                }
            }
        });
    }

    /** Runs {@code work} on a connection switched to read-only. */
    <T> T read(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            // a connection opened read-only (SQLite's query pool) cannot switch the flag, nor needs to
            boolean switched = !connection.isReadOnly();
            if (switched) {
                connection.setReadOnly(true);
            }
            try {
                return work.run(connection);
            } finally {
                if (switched) {
                    connection.setReadOnly(false);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("audit store query failed: " + e.getMessage(), e);
        }
    }

    <T> T first(String sql, Row<T> mapper, Object... params) {
        List<T> rows = list(sql, mapper, params);
        return rows.isEmpty() ? null : rows.get(0);
    }

    boolean exists(String sql, Object... params) {
        return first(sql, row -> Boolean.TRUE, params) != null;
    }

    private static void bind(PreparedStatement statement, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object value = params[i];
            if (value == null) {
                statement.setNull(i + 1, Types.NULL);
            } else if (value instanceof Long l) {
                statement.setLong(i + 1, l);
            } else if (value instanceof Integer n) {
                statement.setInt(i + 1, n);
            } else if (value instanceof Instant t) {
                statement.setLong(i + 1, t.toEpochMilli());
            } else {
                statement.setString(i + 1, value.toString());
            }
        }
    }

    /** The epoch-millisecond column {@code column} as an Instant; null stays null. */
    static Instant instant(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    /** {@code n} placeholders for an IN list. */
    static String placeholders(int n) {
        return String.join(",", java.util.Collections.nCopies(Math.max(1, n), "?"));
    }
}
