package io.shiplog.auditor.query;

import io.shiplog.auditor.query.Results.RestoreRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Time to restore: an incident starts with a failed, partly failed or degraded apply (until the next healthy
 * apply of the cluster) or with detected drift (until its {@code DriftResolved}). Incidents are counted in the
 * week they start; their resolution is looked for up to {@link #RESOLUTION_WINDOW} after the range.
 */
final class RestoreTimes {

    static final Duration RESOLUTION_WINDOW = Duration.ofDays(30);
    private static final int MAX_EVENTS = 500_000;

    private RestoreTimes() {
    }

    record Incident(String cluster, Instant start, Long durationMs) {
    }

    /** The incidents per ISO week and cluster. */
    static List<RestoreRow> rows(List<Incident> incidents) {
        Map<String, List<Incident>> groups = new TreeMap<>();
        for (Incident incident : incidents) {
            groups.computeIfAbsent(DoraQuery.week(incident.start()) + "|" + incident.cluster(),
                    k -> new ArrayList<>()).add(incident);
        }
        List<RestoreRow> rows = new ArrayList<>();
        for (Map.Entry<String, List<Incident>> group : groups.entrySet()) {
            String[] key = group.getKey().split("\\|", 2);
            List<Long> durations = group.getValue().stream().map(Incident::durationMs)
                    .filter(d -> d != null).toList();
            rows.add(new RestoreRow(key[0], key[1], group.getValue().size(), durations.size(),
                    DoraQuery.percentile(durations, 50),
                    durations.stream().max(Long::compare).orElse(null)));
        }
        return rows;
    }

    /** The time to restore of every resolved incident. */
    static List<Long> durations(List<Incident> incidents) {
        return incidents.stream().map(Incident::durationMs).filter(d -> d != null).toList();
    }

    static List<Incident> incidents(JdbcClient jdbc, Instant from, Instant to, String cluster) {
        record Event(String cluster, long at, boolean apply, String type, boolean healthy, long seq, String id,
                     String detectedId) {
        }
        long end = to.plus(RESOLUTION_WINDOW).toEpochMilli();
        // one range per source and event type, each read in its index's order (the applies' columns are all in the
        // cluster index); the order (time, then log order) is made here, not sorted in SQL. Applies are read in the
        // range only: an incident still open at its end looks up its resolving apply on its own (resolution()).
        String byCluster = byCluster(cluster);
        List<Event> events = new ArrayList<>();
        for (String type : new String[] {"COMPLETED", "FAILED"}) {
            events.addAll(jdbc.sql("SELECT cluster, occurred_at, CASE WHEN event_type = 'COMPLETED' AND status = "
                    + "'SUCCEEDED' AND degraded_count = 0 THEN 1 ELSE 0 END, apply_seq FROM applies WHERE " + byCluster
                    + "event_type = ? AND occurred_at >= ? AND occurred_at < ? LIMIT " + (MAX_EVENTS + 1))
                    .params(range(cluster, type, from.toEpochMilli(), to.toEpochMilli()))
                    .query((row, n) -> new Event(row.getString(1), row.getLong(2), true, type, row.getInt(3) == 1,
                            row.getLong(4), "", null)).list());
        }
        for (String type : new String[] {"DETECTED", "RESOLVED"}) {
            events.addAll(jdbc.sql("SELECT cluster, occurred_at, event_id, detected_event_id FROM drift WHERE "
                    + byCluster + "event_type = ? AND occurred_at >= ? AND occurred_at < ? LIMIT " + (MAX_EVENTS + 1))
                    .params(range(cluster, type, from.toEpochMilli(), end))
                    .query((row, n) -> new Event(row.getString(1), row.getLong(2), false, type, false, 0,
                            row.getString(3), row.getString(4))).list());
        }
        if (events.size() > MAX_EVENTS) {
            throw new InvalidQueryException("the range from " + from + " to " + to + " holds more than " + MAX_EVENTS
                    + " applies and drift events; ask for a shorter one or one cluster");
        }
        events.sort(Comparator.comparingLong(Event::at).thenComparingLong(Event::seq).thenComparing(Event::id));
        List<Incident> incidents = new ArrayList<>();
        Map<String, Long> failingSince = new HashMap<>();
        Map<String, Integer> openApplyIncident = new HashMap<>();
        Map<String, Integer> openDrift = new HashMap<>();
        long rangeEnd = to.toEpochMilli();
        for (Event e : events) {
            if (e.apply()) {
                if (!e.healthy()) {
                    if (!failingSince.containsKey(e.cluster()) && e.at() < rangeEnd) {
                        failingSince.put(e.cluster(), e.at());
                        incidents.add(new Incident(e.cluster(), Instant.ofEpochMilli(e.at()), null));
                        openApplyIncident.put(e.cluster(), incidents.size() - 1);
                    }
                } else if (failingSince.containsKey(e.cluster())) {
                    long start = failingSince.remove(e.cluster());
                    int index = openApplyIncident.remove(e.cluster());
                    incidents.set(index, new Incident(e.cluster(), Instant.ofEpochMilli(start), e.at() - start));
                }
            } else if (e.type().equals("DETECTED")) {
                if (e.at() < rangeEnd) {
                    incidents.add(new Incident(e.cluster(), Instant.ofEpochMilli(e.at()), null));
                    openDrift.put(e.id(), incidents.size() - 1);
                }
            } else if (e.detectedId() != null && openDrift.containsKey(e.detectedId())) {
                int index = openDrift.remove(e.detectedId());
                Incident open = incidents.get(index);
                incidents.set(index, new Incident(open.cluster(), open.start(),
                        e.at() - open.start().toEpochMilli()));
            }
        }
        for (Map.Entry<String, Long> failing : failingSince.entrySet()) {
            Long resolved = resolution(jdbc, failing.getKey(), to.toEpochMilli(), end);
            if (resolved != null) {
                int index = openApplyIncident.get(failing.getKey());
                incidents.set(index, new Incident(failing.getKey(), Instant.ofEpochMilli(failing.getValue()),
                        resolved - failing.getValue()));
            }
        }
        return incidents;
    }

    /** The time of the first healthy apply of {@code cluster} in [{@code from}, {@code end}); null if none. */
    private static Long resolution(JdbcClient jdbc, String cluster, long from, long end) {
        return jdbc.sql("SELECT occurred_at FROM applies WHERE cluster = ? AND event_type = 'COMPLETED' "
                + "AND occurred_at >= ? AND occurred_at < ? AND status = 'SUCCEEDED' AND degraded_count = 0 "
                + "ORDER BY occurred_at LIMIT 1").params(cluster, from, end).query(Long.class).optional()
                .orElse(null);
    }

    /**
     * The cluster condition of a range read: one cluster, or every known cluster (read cluster by cluster through
     * the cluster index, which holds every column the DORA query reads).
     */
    static String byCluster(String cluster) {
        return cluster == null ? "cluster IN (SELECT name FROM clusters) AND " : "cluster = ? AND ";
    }

    private static Object[] range(String cluster, String type, long from, long end) {
        return cluster == null ? new Object[] {type, from, end} : new Object[] {cluster, type, from, end};
    }
}
