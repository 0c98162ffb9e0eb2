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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

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

    private final JdbcClient jdbc;

    /** @param jdbc the store's read-only query pool */
    public DoraQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
        record Group(String key, String week, String cluster, String application, List<Long> lead, int[] counts) {
        }
        Map<String, Group> groups = new HashMap<>();
        Map<Long, String> weekOfDay = new HashMap<>();
        Set<Long> deployed = new HashSet<>();
        Set<Long> failedDeployments = new HashSet<>();
        for (Deployment d : deployments) {
            if (application != null && !application.equals(d.application())) {
                continue;
            }
            String week = weekOfDay.computeIfAbsent(Math.floorDiv(d.at().getEpochSecond(), 86_400L),
                    day -> week(d.at()));
            Group group = groups.computeIfAbsent(week + "|" + d.cluster() + "|" + d.application(),
                    k -> new Group(k, week, d.cluster(), d.application(), new ArrayList<>(), new int[2]));
            group.counts()[0]++;
            group.counts()[1] += d.failed() ? 1 : 0;
            if (d.discoveredAt() != null) {
                group.lead().add(d.at().toEpochMilli() - d.discoveredAt());
            }
            deployed.add(d.seq());
            if (d.failed()) {
                failedDeployments.add(d.seq());
            }
        }
        List<DeliveryRow> deliveries = new ArrayList<>();
        List<Long> allLeadTimes = new ArrayList<>();
        for (Group group : groups.values().stream().sorted(Comparator.comparing(Group::key)).toList()) {
            allLeadTimes.addAll(group.lead());
            int count = group.counts()[0];
            int failed = group.counts()[1];
            long[] lead = sorted(group.lead());
            deliveries.add(new DeliveryRow(group.week(), group.cluster(), group.application(), count, failed,
                    ratio(failed, count), percentile(lead, 50), percentile(lead, 90), percentile(lead, 99)));
        }
        int total = deployed.size();
        long failedTotal = failedDeployments.size();
        List<RestoreTimes.Incident> incidents = RestoreTimes.incidents(jdbc, from, to, cluster);
        List<RestoreRow> restores = RestoreTimes.rows(incidents);
        List<Long> restoreTimes = RestoreTimes.durations(incidents);
        long[] allLead = sorted(allLeadTimes);
        double weeks = Math.max(1.0, Duration.between(from, to).toMillis() / (double) Duration.ofDays(7).toMillis());
        return new DoraReport(from, to, total, Math.round(total / weeks * 100) / 100.0, ratio(failedTotal, total),
                percentile(allLead, 50), percentile(allLead, 90), percentile(allLead, 99),
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
        String where = "WHERE " + RestoreTimes.byCluster(cluster) + "event_type = 'COMPLETED' AND occurred_at >= ? "
                + "AND occurred_at < ?";
        Object[] params = cluster == null ? new Object[] {from.toEpochMilli(), to.toEpochMilli()}
                : new Object[] {cluster, from.toEpochMilli(), to.toEpochMilli()};
        // only columns of the cluster index (read without a lookup of each row)
        List<Apply> applies = jdbc.sql("SELECT apply_seq, cluster, occurred_at, status, degraded_count, deliveries "
                + "FROM applies " + where + " AND apply_trigger = 'COMMIT'").params(params)
                .query((row, n) -> new Apply(row.getLong(1), row.getString(2), Sql.instant(row, "occurred_at"),
                        !"SUCCEEDED".equals(row.getString(4)) || row.getInt(5) > 0, row.getString(6))).list();
        // most applies carry what they delivered (written by the projection); the others read the commit tables
        List<Long> unknownSeqs = applies.stream().filter(a -> a.deliveries() == null).map(Apply::seq).toList();
        Map<Long, CommitDeliveries.Delivery> read = unknownSeqs.isEmpty() ? Map.of()
                : CommitDeliveries.read(jdbc, commitShas(unknownSeqs));
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
            jdbc.sql("SELECT apply_seq, commit_sha FROM applies WHERE apply_seq IN (" + Sql.placeholders(chunk.size())
                    + ")").params(chunk).query((row, n) -> Map.entry(row.getLong(1), row.getString(2))).list()
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
        return percentile(sorted(values), p);
    }

    /** {@code values} as a sorted array, to take several percentiles of it. */
    static long[] sorted(List<Long> values) {
        long[] sorted = new long[values.size()];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = values.get(i);
        }
        Arrays.sort(sorted);
        return sorted;
    }

    /** The nearest-rank percentile of sorted values; null without values. */
    static Long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
