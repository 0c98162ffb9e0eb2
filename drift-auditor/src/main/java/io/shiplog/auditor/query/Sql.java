package io.shiplog.auditor.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;

/**
 * What the audit queries share besides {@link org.springframework.jdbc.core.simple.JdbcClient}: times are stored as
 * epoch milliseconds (UTC) and bound as such, never as {@link Instant}; IN lists are bound value by value.
 */
final class Sql {

    private Sql() {
    }

    /** The epoch-millisecond column {@code column} as an Instant; null stays null. */
    static Instant instant(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    /** {@code n} placeholders for an IN list (at least one). */
    static String placeholders(int n) {
        return String.join(",", Collections.nCopies(Math.max(1, n), "?"));
    }
}
