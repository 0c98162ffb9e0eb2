package io.shiplog.auditor.query;

import io.shiplog.auditor.query.Results.DeliveryRow;
import io.shiplog.auditor.query.Results.DoraReport;
import io.shiplog.auditor.query.Results.RestoreRow;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Query 5, the DORA delivery metrics over a time range, per ISO week (starting Monday, UTC), cluster and
 * application (the image repository a commit moved; {@code (manual)} for commits that name none):
 * <ul>
 *   <li>lead time: tag discovered → the apply of the commit that took it (p50/p90/p99),</li>
 *   <li>deployment frequency: completed applies of a new commit,</li>
 *   <li>change failure rate: such applies that failed, partly failed or left a workload degraded,</li>
 *   <li>time to restore: a failed apply or drift → the next healthy apply or the drift resolved.</li>
 * </ul>
 */
public final class DoraQuery {

    /** The longest range one query covers; longer ones are refused rather than scanned. */
    public static final Duration MAX_RANGE = Duration.ofDays(400);
    private static final String MANUAL = "(manual)";

    private final Jdbc jdbc;

    public DoraQuery(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public DoraReport dora(Instant from, Instant to, String cluster, String application) {
        if (!from.isBefore(to)) {
            throw new InvalidQueryException("from (" + from + ") must be before to (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw new InvalidQueryException("the range from " + from + " to " + to + " is longer than "
                    + MAX_RANGE.toDays() + " days; ask for a shorter one");
        }
        if (cluster != null) {
            StateQueries.requireCluster(jdbc, cluster);
        }
        record Deployment(String id, String cluster, Instant at, boolean failed, String application,
                          Long discoveredAt) {
        }
        List<Deployment> deployments = jdbc.list("SELECT a.event_id, a.cluster, a.occurred_at, a.status, "
                + "a.degraded_count, d.repository, d.discovered FROM applies a LEFT JOIN ("
                + "  SELECT s.event_id, ch.repository, MIN(i.occurred_at) AS discovered FROM ("
                + "    SELECT event_id, commit_sha AS sha FROM applies WHERE event_type = 'COMPLETED' "
                + "    AND apply_trigger = 'COMMIT' AND occurred_at >= ? AND occurred_at < ? "
                + "    AND (CAST(? AS VARCHAR) IS NULL OR cluster = ?) "
                + "    UNION ALL SELECT k.event_id, k.sha FROM apply_skipped k JOIN applies x "
                + "    ON x.event_id = k.event_id WHERE x.occurred_at >= ? AND x.occurred_at < ? "
                + "    AND (CAST(? AS VARCHAR) IS NULL OR x.cluster = ?)) s "
                + "  JOIN commit_changes ch ON ch.sha = s.sha "
                + "  LEFT JOIN commit_causes cc ON cc.sha = s.sha "
                + "  LEFT JOIN image_events i ON i.event_id = cc.cause_event_id AND i.repository = ch.repository "
                + "  GROUP BY s.event_id, ch.repository) d ON d.event_id = a.event_id "
                + "WHERE a.event_type = 'COMPLETED' AND a.apply_trigger = 'COMMIT' "
                + "AND a.occurred_at >= ? AND a.occurred_at < ? AND (CAST(? AS VARCHAR) IS NULL OR a.cluster = ?)",
                row -> {
                    long discovered = row.getLong(7);
                    Long discoveredAt = row.wasNull() ? null : discovered;
                    String status = row.getString(4);
                    return new Deployment(row.getString(1), row.getString(2), Jdbc.instant(row, "occurred_at"),
                            !"SUCCEEDED".equals(status) || row.getInt(5) > 0,
                            row.getString(6) == null ? MANUAL : row.getString(6), discoveredAt);
                }, from, to, cluster, cluster, from, to, cluster, cluster, from, to, cluster, cluster);
        Map<String, List<Deployment>> groups = new TreeMap<>();
        Map<String, Integer> perDeployment = new HashMap<>();
        for (Deployment d : deployments) {
            if (application != null && !application.equals(d.application())) {
                continue;
            }
            groups.computeIfAbsent(week(d.at()) + "|" + d.cluster() + "|" + d.application(), k -> new ArrayList<>())
                    .add(d);
            perDeployment.merge(d.id() + (d.failed() ? "|failed" : "|ok"), 1, Integer::sum);
        }
        List<DeliveryRow> deliveries = new ArrayList<>();
        List<Long> allLeadTimes = new ArrayList<>();
        for (Map.Entry<String, List<Deployment>> group : groups.entrySet()) {
            String[] key = group.getKey().split("\\|", 3);
            List<Long> lead = new ArrayList<>();
            int failed = 0;
            for (Deployment d : group.getValue()) {
                failed += d.failed() ? 1 : 0;
                if (d.discoveredAt() != null) {
                    lead.add(d.at().toEpochMilli() - d.discoveredAt());
                }
            }
            allLeadTimes.addAll(lead);
            int count = group.getValue().size();
            deliveries.add(new DeliveryRow(key[0], key[1], key[2], count, failed, ratio(failed, count),
                    percentile(lead, 50), percentile(lead, 90), percentile(lead, 99)));
        }
        int total = perDeployment.size();
        long failedTotal = perDeployment.keySet().stream().filter(k -> k.endsWith("|failed")).count();
        List<RestoreRow> restores = RestoreTimes.compute(jdbc, from, to, cluster);
        List<Long> restoreTimes = RestoreTimes.durations(jdbc, from, to, cluster);
        double weeks = Math.max(1.0, Duration.between(from, to).toMillis() / (double) Duration.ofDays(7).toMillis());
        return new DoraReport(from, to, total, Math.round(total / weeks * 100) / 100.0, ratio(failedTotal, total),
                percentile(allLeadTimes, 50), percentile(allLeadTimes, 90), percentile(allLeadTimes, 99),
                percentile(restoreTimes, 50), deliveries, restores);
    }

    /** The Monday (UTC) of {@code at}'s ISO week. */
    static String week(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                .toString();
    }

    static double ratio(long part, long whole) {
        return whole == 0 ? 0.0 : Math.round(part * 10_000.0 / whole) / 10_000.0;
    }

    /** The nearest-rank percentile; null without values. */
    static Long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
