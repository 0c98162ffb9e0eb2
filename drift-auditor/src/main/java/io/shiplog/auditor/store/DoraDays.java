package io.shiplog.auditor.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The daily roll-ups of the DORA query in the store: {@code dora_days} holds one {@link DoraDay} per cluster and UTC
 * day with applies, {@code dora_days_stale} the days whose roll-up is not (yet) the answer of their applies: a
 * deployment whose deliveries are not known yet, or a store upgraded from before the roll-ups. The projection
 * {@link #refresh refreshes} the days of the applies it writes in the same transaction; the deliveries backfill
 * refreshes the stale ones; the query reads a stale day from its applies.
 */
public final class DoraDays {

    /** One cluster's UTC day. */
    public record ClusterDay(String cluster, long day) {
    }

    /**
     * The roll-ups of a range: its whole days, the hours it covers of the days it holds only in part, and its days to
     * read from the applies instead (whose roll-up, if any, is left out).
     */
    public record Rolled(List<DoraDay> days, List<PooledDay> pooledDays, List<DoraHours.Hour> hours,
                         Set<ClusterDay> stale) {
    }

    /**
     * A whole day of one cluster with its applications pooled, as the rows by cluster read it: no application named.
     *
     * @param leadTimes every lead time of the day, as {@link LeadTimes} encodes them (sorted)
     */
    public record PooledDay(String cluster, long day, int deployments, int failed, byte[] leadTimes,
                            DoraDay.Segment health) {
    }

    private DoraDays() {
    }

    /**
     * Computes the roll-up of each of {@code days} from its applies and writes it, or marks the day stale when a
     * deployment's deliveries are not known yet; on the caller's connection and in its transaction.
     */
    public static void refresh(Connection connection, Collection<ClusterDay> days) throws SQLException {
        if (days.isEmpty()) {
            return;
        }
        try (PreparedStatement read = connection.prepareStatement("SELECT apply_seq, occurred_at, event_type, "
                + "apply_trigger, status, degraded_count, deliveries FROM applies WHERE cluster = ? "
                + "AND event_type IN ('COMPLETED', 'FAILED') AND occurred_at >= ? AND occurred_at < ?");
             PreparedStatement deleteDay = connection.prepareStatement(
                     "DELETE FROM dora_days WHERE cluster = ? AND day = ?");
             PreparedStatement deleteStale = connection.prepareStatement(
                     "DELETE FROM dora_days_stale WHERE cluster = ? AND day = ?");
             PreparedStatement insertDay = connection.prepareStatement("INSERT INTO dora_days (cluster, day, "
                     + "deployments, failed, deliveries, unhealthy_from, healthy_at, runs, hours, leads) "
                     + "VALUES (?,?,?,?,?,?,?,?,?,?)");
             PreparedStatement insertStale = connection.prepareStatement(
                     "INSERT INTO dora_days_stale (cluster, day) VALUES (?,?)")) {
            for (ClusterDay day : days) {
                read.setString(1, day.cluster());
                read.setLong(2, day.day() * DoraDay.DAY_MS);
                read.setLong(3, (day.day() + 1) * DoraDay.DAY_MS);
                List<DoraDay.Apply> applies = new ArrayList<>();
                try (ResultSet row = read.executeQuery()) {
                    while (row.next()) {
                        applies.add(apply(row));
                    }
                }
                key(deleteDay, day).addBatch();
                key(deleteStale, day).addBatch();
                if (applies.isEmpty()) {
                    continue;
                }
                DoraHours.Day rolled = DoraHours.of(day.cluster(), day.day(), applies);
                if (rolled == null) {
                    key(insertStale, day).addBatch();
                    continue;
                }
                DoraDay rollUp = rolled.day();
                key(insertDay, day);
                insertDay.setInt(3, rollUp.deployments());
                insertDay.setInt(4, rollUp.failed());
                insertDay.setString(5, rollUp.encodeApplications());
                nullableLong(insertDay, 6, rollUp.health().unhealthyFrom());
                nullableLong(insertDay, 7, rollUp.health().healthyAt());
                insertDay.setString(8, rollUp.encodeRuns());
                insertDay.setString(9, DoraHours.encode(rolled.hours()));
                insertDay.setBytes(10, LeadTimes.encode(rollUp.applications().values()));
                insertDay.addBatch();
            }
            deleteDay.executeBatch();
            deleteStale.executeBatch();
            insertDay.executeBatch();
            insertStale.executeBatch();
        }
    }

    /** An apply row of the roll-up's read (and of the query's reads of the same columns). */
    private static DoraDay.Apply apply(ResultSet row) throws SQLException {
        boolean completed = "COMPLETED".equals(row.getString(3));
        boolean succeeded = "SUCCEEDED".equals(row.getString(5));
        int degraded = row.getInt(6);
        // healthy as the time to restore has always read it: completed, succeeded and a degraded count of 0 (not null)
        boolean healthy = completed && succeeded && !row.wasNull() && degraded == 0;
        return new DoraDay.Apply(row.getLong(1), row.getLong(2), completed && "COMMIT".equals(row.getString(4)),
                !succeeded || degraded > 0, healthy, row.getString(7));
    }

    /** Every stale day, for the backfill's pass. */
    public static List<ClusterDay> stale(JdbcClient jdbc) {
        return jdbc.sql("SELECT cluster, day FROM dora_days_stale ORDER BY cluster, day")
                .query((row, n) -> new ClusterDay(row.getString(1), row.getLong(2))).list();
    }

    /**
     * The roll-ups of [{@code from}, {@code to}) (whole hours, in epoch milliseconds) of {@code cluster} (null: every
     * cluster): the whole days from their rows (with {@code pooled}, as {@link PooledDay}s: every lead time of a day
     * from its {@code leads}, no application read), the hours of a day the range holds in part from the day's
     * {@code hours}, and the stale days it touches.
     */
    public static Rolled read(JdbcClient jdbc, String cluster, long from, long to, boolean pooled) {
        long firstDay = Math.floorDiv(from + DoraDay.DAY_MS - 1, DoraDay.DAY_MS);
        long endDay = Math.floorDiv(to, DoraDay.DAY_MS);
        long firstTouched = Math.floorDiv(from, DoraDay.DAY_MS);
        long endTouched = Math.floorDiv(to + DoraDay.DAY_MS - 1, DoraDay.DAY_MS);
        String byCluster = cluster == null ? "cluster IN (SELECT name FROM clusters)" : "cluster = ?";
        Set<ClusterDay> stale = new HashSet<>(jdbc.sql("SELECT cluster, day FROM dora_days_stale WHERE " + byCluster
                + " AND day >= ? AND day < ?").params(params(cluster, firstTouched, endTouched))
                .query((row, n) -> new ClusterDay(row.getString(1), row.getLong(2))).list());
        List<DoraDay> days = new ArrayList<>();
        List<PooledDay> pooledDays = new ArrayList<>();
        if (firstDay < endDay && pooled) {
            jdbc.sql("SELECT cluster, day, deployments, failed, leads, unhealthy_from, healthy_at, runs "
                    + "FROM dora_days WHERE " + byCluster + " AND day >= ? AND day < ?")
                    .params(params(cluster, firstDay, endDay)).query(row -> {
                        String name = row.getString(1);
                        long day = row.getLong(2);
                        if (!stale.contains(new ClusterDay(name, day))) {
                            pooledDays.add(new PooledDay(name, day, row.getInt(3), row.getInt(4), row.getBytes(5),
                                    health(row)));
                        }
                    });
        } else if (firstDay < endDay) {
            jdbc.sql("SELECT cluster, day, deployments, failed, deliveries, unhealthy_from, healthy_at, runs "
                    + "FROM dora_days WHERE " + byCluster + " AND day >= ? AND day < ?")
                    .params(params(cluster, firstDay, endDay)).query(row -> {
                        String name = row.getString(1);
                        long day = row.getLong(2);
                        if (stale.contains(new ClusterDay(name, day))) {
                            return;
                        }
                        days.add(new DoraDay(name, day, row.getInt(3), row.getInt(4),
                                DoraDay.decodeApplications(row.getString(5)), health(row)));
                    });
        }
        // the days held in part: the one the range starts in (unless at midnight), the one it ends in (unless at
        // midnight); once when they are the same day
        List<Long> partial = new ArrayList<>();
        if (firstTouched < firstDay) {
            partial.add(firstTouched);
        }
        if (endDay < endTouched && !partial.contains(endDay)) {
            partial.add(endDay);
        }
        List<DoraHours.Hour> hours = new ArrayList<>();
        for (long day : partial) {
            long dayStart = day * DoraDay.DAY_MS;
            int fromHour = (int) ((Math.max(from, dayStart) - dayStart) / DoraHours.HOUR_MS);
            int toHour = (int) ((Math.min(to, dayStart + DoraDay.DAY_MS) - dayStart) / DoraHours.HOUR_MS);
            jdbc.sql("SELECT cluster, hours FROM dora_days WHERE " + byCluster + " AND day = ?")
                    .params(cluster == null ? new Object[] {day} : new Object[] {cluster, day}).query(row -> {
                        String name = row.getString(1);
                        if (!stale.contains(new ClusterDay(name, day))) {
                            hours.addAll(DoraHours.decode(name, day, row.getString(2), fromHour, toHour));
                        }
                    });
        }
        return new Rolled(days, pooledDays, hours, stale);
    }

    /** The time-to-restore segment of a {@code dora_days} row read as columns 6 to 8. */
    private static DoraDay.Segment health(ResultSet row) throws SQLException {
        long unhealthyFrom = row.getLong(6);
        Long unhealthy = row.wasNull() ? null : unhealthyFrom;
        long healthyAt = row.getLong(7);
        Long healthy = row.wasNull() ? null : healthyAt;
        return new DoraDay.Segment(unhealthy, healthy, DoraDay.decodeRuns(row.getString(8)));
    }

    private static Object[] params(String cluster, long from, long to) {
        return cluster == null ? new Object[] {from, to} : new Object[] {cluster, from, to};
    }

    /**
     * The applies of {@code cluster} (null: every cluster) in [{@code from}, {@code to}), for a stretch the roll-ups
     * do not cover: what {@link #refresh} reads for a day, with the cluster.
     */
    public static List<ClusterApply> applies(JdbcClient jdbc, String cluster, long from, long to) {
        String byCluster = cluster == null ? "cluster IN (SELECT name FROM clusters)" : "cluster = ?";
        Object[] params = cluster == null ? new Object[] {from, to} : new Object[] {cluster, from, to};
        return jdbc.sql("SELECT apply_seq, occurred_at, event_type, apply_trigger, status, degraded_count, deliveries, "
                + "cluster FROM applies WHERE " + byCluster + " AND event_type IN ('COMPLETED', 'FAILED') "
                + "AND occurred_at >= ? AND occurred_at < ?").params(params)
                .query((row, n) -> new ClusterApply(row.getString(8), apply(row))).list();
    }

    /** An apply and its cluster. */
    public record ClusterApply(String cluster, DoraDay.Apply apply) {
    }

    private static PreparedStatement key(PreparedStatement statement, ClusterDay day) throws SQLException {
        statement.setString(1, day.cluster());
        statement.setLong(2, day.day());
        return statement;
    }

    private static void nullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
