package io.shiplog.auditor.query;

import io.shiplog.auditor.query.Results.DeliveryRow;
import io.shiplog.auditor.store.CommitDeliveries;
import io.shiplog.auditor.store.Deliveries;
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
    private static final String MANUAL = Deliveries.MANUAL;
    private static final int CHUNK = 500;

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
        List<Deployment> deployments = deployments(from, to, cluster);
        Map<String, List<Deployment>> groups = new TreeMap<>();
        Map<String, Integer> perDeployment = new HashMap<>();
        for (Deployment d : deployments) {
            if (application != null && !application.equals(d.application())) {
                continue;
            }
            groups.computeIfAbsent(week(d.at()) + "|" + d.cluster() + "|" + d.application(), k -> new ArrayList<>())
                    .add(d);
            perDeployment.merge(d.seq() + (d.failed() ? "|failed" : "|ok"), 1, Integer::sum);
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
        List<RestoreTimes.Incident> incidents = RestoreTimes.incidents(jdbc, from, to, cluster);
        List<RestoreRow> restores = RestoreTimes.rows(incidents);
        List<Long> restoreTimes = RestoreTimes.durations(incidents);
        double weeks = Math.max(1.0, Duration.between(from, to).toMillis() / (double) Duration.ofDays(7).toMillis());
        return new DoraReport(from, to, total, Math.round(total / weeks * 100) / 100.0, ratio(failedTotal, total),
                percentile(allLeadTimes, 50), percentile(allLeadTimes, 90), percentile(allLeadTimes, 99),
                percentile(restoreTimes, 50), deliveries, restores);
    }

    /** One completed apply of a new commit, per application (image repository) it moved. */
    private record Deployment(long seq, String cluster, Instant at, boolean failed, String application,
                              Long discoveredAt) {
    }

    /**
     * The completed applies of a new commit in the range, once per application their commits (and the commits they
     * skipped) moved, with the earliest discovery of that application's causing tag: read from each apply's row, or
     * from the commit tables ({@link CommitDeliveries}) for the applies the projection did not know yet.
     */
    private List<Deployment> deployments(Instant from, Instant to, String cluster) {
        record Apply(long seq, String cluster, Instant at, boolean failed, String deliveries) {
        }
        String where = cluster == null ? "WHERE event_type = 'COMPLETED' AND occurred_at >= ? AND occurred_at < ?"
                : "WHERE cluster = ? AND event_type = 'COMPLETED' AND occurred_at >= ? AND occurred_at < ?";
        Object[] params = cluster == null ? new Object[] {from, to} : new Object[] {cluster, from, to};
        // only columns of the cluster index (read without a lookup of each row)
        List<Apply> applies = jdbc.list("SELECT apply_seq, cluster, occurred_at, status, degraded_count, deliveries "
                + "FROM applies " + where + " AND apply_trigger = 'COMMIT'", row -> new Apply(row.getLong(1),
                        row.getString(2), Jdbc.instant(row, "occurred_at"),
                        !"SUCCEEDED".equals(row.getString(4)) || row.getInt(5) > 0, row.getString(6)), params);
        // most applies carry what they delivered (written by the projection); the others read the commit tables
        List<Long> unknownSeqs = applies.stream().filter(a -> a.deliveries() == null).map(Apply::seq).toList();
        Map<Long, CommitDeliveries.Delivery> read = unknownSeqs.isEmpty() ? Map.of()
                : jdbc.read(connection -> CommitDeliveries.read(connection, commitShas(unknownSeqs)));
        List<Deployment> out = new ArrayList<>();
        for (Apply a : applies) {
            Map<String, Long> applications = a.deliveries() != null ? Deliveries.decode(a.deliveries())
                    : read.getOrDefault(a.seq(), new CommitDeliveries.Delivery(Map.of(), false)).applications();
            if (applications.isEmpty()) {
                out.add(new Deployment(a.seq(), a.cluster(), a.at(), a.failed(), MANUAL, null));
            }
            applications.forEach((application, discovered) -> out.add(new Deployment(a.seq(), a.cluster(), a.at(),
                    a.failed(), application, discovered)));
        }
        return out;
    }

    /** The commit of each apply (by key). */
    private Map<Long, String> commitShas(List<Long> seqs) {
        Map<Long, String> shas = new HashMap<>();
        for (int i = 0; i < seqs.size(); i += CHUNK) {
            List<Long> chunk = seqs.subList(i, Math.min(seqs.size(), i + CHUNK));
            jdbc.list("SELECT apply_seq, commit_sha FROM applies WHERE apply_seq IN (" + Jdbc.placeholders(chunk.size())
                    + ")", row -> Map.entry(row.getLong(1), row.getString(2)), chunk.toArray())
                    .forEach(e -> shas.put(e.getKey(), e.getValue()));
        }
        return shas;
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
