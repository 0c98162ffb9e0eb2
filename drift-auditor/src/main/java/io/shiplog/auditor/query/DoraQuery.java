package io.shiplog.auditor.query;

import io.shiplog.auditor.query.Results.DeliveryRow;
import io.shiplog.auditor.query.Results.DoraReport;
import io.shiplog.auditor.query.Results.RestoreRow;
import io.shiplog.auditor.store.CommitDeliveries;
import io.shiplog.auditor.store.Deliveries;
import io.shiplog.auditor.store.DoraDay;
import io.shiplog.auditor.store.DoraDays;
import io.shiplog.auditor.store.DoraHours;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Query 5, the DORA delivery metrics over a time range, per ISO week (starting Monday, UTC), cluster and
 * application (the image repository a commit moved; {@code (manual)} for commits that name none) or per ISO week and
 * cluster, the cluster's applications pooled (lead-time percentiles over all its deliveries of the week):
 * <ul>
 *   <li>lead time: tag discovered → the apply of the commit that took it (p50/p90/p99),</li>
 *   <li>deployment frequency: completed applies of a new commit,</li>
 *   <li>change failure rate: such applies that failed, partly failed or left a workload degraded,</li>
 *   <li>time to restore: a failed apply or drift → the next healthy apply or the drift resolved.</li>
 * </ul>
 * Whole hours are read from the daily roll-ups the projection keeps ({@link DoraDays}: whole UTC days from a day's
 * totals, by cluster over every application from its pooled lead times alone, the hours of a day the range holds in
 * part from the day's {@link DoraHours}), the parts of an hour at the range's edges (and days whose roll-up is stale)
 * from the applies, with the same answer.
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

    /**
     * The metrics of every cluster (null) or one, of every application (null) or one, with every row per week,
     * cluster and application (not paged).
     */
    public DoraReport dora(Instant from, Instant to, String cluster, String application) {
        return dora(from, to, cluster, application, DoraRows.By.APPLICATION, null);
    }

    /**
     * The metrics of every cluster (null) or one, of every application (null) or one, with the page {@code rows}
     * asks for of the rows it groups by.
     */
    public DoraReport dora(Instant from, Instant to, String cluster, String application, DoraRows rows) {
        return dora(from, to, cluster, application, rows.by(), rows);
    }

    private DoraReport dora(Instant from, Instant to, String cluster, String application, DoraRows.By by,
                            DoraRows page) {
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
        DeliveryTally tally = new DeliveryTally(application, by);
        Map<String, TreeMap<Long, DoraDay.Segment>> health = new HashMap<>();
        long start = from.toEpochMilli();
        long end = to.toEpochMilli();
        // whole hours from the roll-ups (whole days from their rows, the hours of a day held in part from the day's
        // hours); the parts of an hour at the edges and the stale days from the applies
        long firstHour = Math.floorDiv(start + DoraHours.HOUR_MS - 1, DoraHours.HOUR_MS) * DoraHours.HOUR_MS;
        long endHour = Math.floorDiv(end, DoraHours.HOUR_MS) * DoraHours.HOUR_MS;
        int[] rawApplies = new int[1];
        if (firstHour < endHour) {
            DoraDays.Rolled rolled = DoraDays.read(jdbc, cluster, firstHour, endHour, tally.takesPooledDays());
            for (DoraDay day : rolled.days()) {
                tally.add(day);
                health.computeIfAbsent(day.cluster(), c -> new TreeMap<>()).put(day.day() * DoraDay.DAY_MS,
                        day.health());
            }
            for (DoraDays.PooledDay day : rolled.pooledDays()) {
                tally.add(day);
                health.computeIfAbsent(day.cluster(), c -> new TreeMap<>()).put(day.day() * DoraDay.DAY_MS,
                        day.health());
            }
            for (DoraHours.Hour hour : rolled.hours()) {
                tally.add(hour.part());
                health.computeIfAbsent(hour.part().cluster(), c -> new TreeMap<>()).put(hour.start(),
                        hour.part().health());
            }
            fromApplies(cluster, start, firstHour, tally, health, rawApplies);
            fromApplies(cluster, endHour, end, tally, health, rawApplies);
            for (DoraDays.ClusterDay stale : rolled.stale()) {
                long dayStart = stale.day() * DoraDay.DAY_MS;
                fromApplies(stale.cluster(), Math.max(dayStart, firstHour), Math.min(dayStart + DoraDay.DAY_MS,
                        endHour), tally, health, rawApplies);
            }
        } else {
            fromApplies(cluster, start, end, tally, health, rawApplies);
        }
        int total = tally.total();
        long failedTotal = tally.failedTotal();
        List<RestoreTimes.Incident> incidents = RestoreTimes.incidents(jdbc, from, to, cluster, health,
                rawApplies[0]);
        List<RestoreRow> restores = RestoreTimes.rows(incidents);
        List<Long> restoreTimes = RestoreTimes.durations(incidents);
        Long[] lead = percentiles(tally.leadTimes(), 50, 90, 99);
        double weeks = Math.max(1.0, Duration.between(from, to).toMillis() / (double) Duration.ofDays(7).toMillis());
        int rowCount = tally.rowCount();
        List<DeliveryRow> rows = page == null ? tally.rows()
                : tally.rows(page.start(rowCount), page.end(rowCount));
        return new DoraReport(from, to, total, Math.round(total / weeks * 100) / 100.0, ratio(failedTotal, total),
                lead[0], lead[1], lead[2], percentile(restoreTimes, 50), by.parameter(), rowCount, rows, restores);
    }

    /**
     * The applies of [{@code start}, {@code end}) (of every cluster when {@code cluster} is null), read from the
     * applies themselves: their deployments into {@code tally}, once per application their commits (and the commits
     * they skipped) moved, with the earliest discovery of that application's causing tag, read from each apply's row
     * or from the commit tables ({@link CommitDeliveries}) for the applies the projection did not know yet; their
     * health as one segment per cluster.
     */
    private void fromApplies(String cluster, long start, long end, DeliveryTally tally,
                             Map<String, TreeMap<Long, DoraDay.Segment>> health, int[] count) {
        if (start >= end) {
            return;
        }
        List<DoraDays.ClusterApply> applies = DoraDays.applies(jdbc, cluster, start, end);
        count[0] += applies.size();
        Map<String, List<DoraDay.Apply>> byCluster = new HashMap<>();
        List<Long> unknownSeqs = new ArrayList<>();
        for (DoraDays.ClusterApply a : applies) {
            byCluster.computeIfAbsent(a.cluster(), c -> new ArrayList<>()).add(a.apply());
            if (a.apply().deployment() && a.apply().deliveries() == null) {
                unknownSeqs.add(a.apply().seq());
            }
        }
        byCluster.forEach((name, list) -> health.computeIfAbsent(name, c -> new TreeMap<>()).put(start,
                DoraDay.Segment.of(list)));
        // most applies carry what they delivered (written by the projection); the others read the commit tables
        Map<Long, CommitDeliveries.Delivery> read = unknownSeqs.isEmpty() ? Map.of()
                : CommitDeliveries.read(jdbc, commitShas(unknownSeqs));
        for (DoraDays.ClusterApply ca : applies) {
            DoraDay.Apply a = ca.apply();
            if (!a.deployment()) {
                continue;
            }
            Instant at = Instant.ofEpochMilli(a.at());
            Map<String, Long> applications = a.deliveries() != null ? Deliveries.decode(a.deliveries())
                    : read.getOrDefault(a.seq(), new CommitDeliveries.Delivery(Map.of(), false)).applications();
            if (applications.isEmpty()) {
                tally.add(new DeliveryTally.Deployment(a.seq(), ca.cluster(), at, a.failed(), MANUAL, null));
            }
            applications.forEach((name, discovered) -> tally.add(new DeliveryTally.Deployment(a.seq(), ca.cluster(),
                    at, a.failed(), name, discovered)));
        }
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

    /**
     * The nearest-rank percentiles {@code ps} (ascending) of {@code values}, found by selection rather than a sort
     * (the values are reordered); nulls without values.
     */
    static Long[] percentiles(long[] values, int... ps) {
        Long[] out = new Long[ps.length];
        int from = 0;
        for (int i = 0; i < ps.length && values.length > 0; i++) {
            int rank = (int) Math.ceil(ps[i] / 100.0 * values.length);
            int index = Math.max(0, Math.min(values.length - 1, rank - 1));
            out[i] = select(values, from, values.length, index);
            from = index;
        }
        return out;
    }

    /**
     * The value at {@code k} of {@code values[from, to)} as if that range were sorted; afterwards no value before
     * {@code k} is greater and none after it smaller.
     */
    private static long select(long[] values, int from, int to, int k) {
        int lo = from;
        int hi = to - 1;
        while (hi - lo >= 16) {
            int mid = (lo + hi) >>> 1;
            long pivot = Math.max(Math.min(values[lo], values[mid]), Math.min(Math.max(values[lo], values[mid]),
                    values[hi]));
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (values[i] < pivot) {
                    i++;
                }
                while (values[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long swap = values[i];
                    values[i++] = values[j];
                    values[j--] = swap;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return values[k];
            }
        }
        Arrays.sort(values, lo, hi + 1);
        return values[k];
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
