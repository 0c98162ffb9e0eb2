package io.shiplog.auditor.project;

import io.shiplog.auditor.store.DoraDays;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * The DORA roll-ups of a store built from offset 0 are left to the catch-up: instead of working out the days of each
 * chunk's applies again ({@link DoraDays#refresh}, which reads every apply of each day, again in the next chunk when
 * the day goes on there), a chunk lists its days in {@code dora_days_stale}, in its own transaction. The query reads
 * a stale day from its applies (the same answer), and the deliveries backfill rolls every stale day up once, when the
 * projection has caught up. A crash in between leaves the days listed, so nothing is lost.
 */
final class StaleDays {

    private StaleDays() {
    }

    /** Lists {@code days} as stale (those listed already stay once), on the caller's connection and transaction. */
    static void mark(Connection connection, Collection<DoraDays.ClusterDay> days) throws SQLException {
        if (days.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO dora_days_stale (cluster, day) "
                + "SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM dora_days_stale WHERE cluster = ? AND day = ?)")) {
            for (DoraDays.ClusterDay day : days) {
                insert.setString(1, day.cluster());
                insert.setLong(2, day.day());
                insert.setString(3, day.cluster());
                insert.setLong(4, day.day());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
