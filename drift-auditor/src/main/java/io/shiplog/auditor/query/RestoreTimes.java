package io.shiplog.auditor.query;

import io.shiplog.auditor.query.Results.RestoreRow;
import io.shiplog.auditor.store.DoraDay;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Time to restore: an incident starts with a failed, partly failed or degraded apply (until the next healthy
 * apply of the cluster) or with detected drift (until its {@code DriftResolved}). Incidents are counted in the
 * week they start; their resolution is looked for up to {@link #RESOLUTION_WINDOW} after the range.
 */
final class RestoreTimes {

    static final Duration RESOLUTION_WINDOW = Duration.ofDays(30);
    static final int MAX_EVENTS = 500_000;

    private RestoreTimes() {
    }

    record Incident(String cluster, Instant start, Long durationMs) {
    }

    /** The incidents per ISO week and cluster, in the order of {@code week|cluster}. */
    static List<RestoreRow> rows(List<Incident> incidents) {
        record WeekOfCluster(String week, String cluster) {
        }
        // grouped by a key made once per day and cluster; the groups (a few per cluster) sorted once at the end
        Map<WeekOfCluster, List<Incident>> groups = new HashMap<>();
        Map<Long, String> weekOfDay = new HashMap<>();
        for (Incident incident : incidents) {
            String week = weekOfDay.computeIfAbsent(Math.floorDiv(incident.start().getEpochSecond(), 86_400L),
                    day -> DoraQuery.week(Instant.ofEpochSecond(day * 86_400L)));
            groups.computeIfAbsent(new WeekOfCluster(week, incident.cluster()), k -> new ArrayList<>()).add(incident);
        }
        List<Map.Entry<String, List<Incident>>> ordered = new ArrayList<>(groups.size());
        groups.forEach((key, group) -> ordered.add(Map.entry(key.week() + "|" + key.cluster(), group)));
        ordered.sort(Map.Entry.comparingByKey());
        List<RestoreRow> rows = new ArrayList<>(ordered.size());
        for (Map.Entry<String, List<Incident>> group : ordered) {
            String[] key = group.getKey().split("\\|", 2);
            List<Long> durations = new ArrayList<>(group.getValue().size());
            long max = Long.MIN_VALUE;
            for (Incident incident : group.getValue()) {
                if (incident.durationMs() != null) {
                    durations.add(incident.durationMs());
                    max = Math.max(max, incident.durationMs());
                }
            }
            rows.add(new RestoreRow(key[0], key[1], group.getValue().size(), durations.size(),
                    DoraQuery.percentile(durations, 50), durations.isEmpty() ? null : max));
        }
        return rows;
    }

    /** The time to restore of every resolved incident. */
    static List<Long> durations(List<Incident> incidents) {
        return incidents.stream().map(Incident::durationMs).filter(d -> d != null).toList();
    }

    /**
     * The incidents of [{@code from}, {@code to}): those of the applies from {@code health} (per cluster, its
     * segments in time order: whole days from the roll-ups, partial days from the applies), those of drift from the
     * drift events.
     *
     * @param rawApplies applies read one by one for {@code health}, counted against {@link #MAX_EVENTS}
     */
    static List<Incident> incidents(JdbcClient jdbc, Instant from, Instant to, String cluster,
                                    Map<String, ? extends SortedMap<Long, DoraDay.Segment>> health, int rawApplies) {
        long end = to.plus(RESOLUTION_WINDOW).toEpochMilli();
        List<Incident> incidents = new ArrayList<>();
        health.forEach((name, segments) -> applyIncidents(jdbc, name, segments.values(), to.toEpochMilli(), end,
                incidents));
        // one range per event type, each read from the drift index alone; the order (time, then id) is made here.
        // Drift detected after the range opens no incident: past the range's end only resolutions are read, a
        // stretch at a time (an hour, then four times longer each time) while a detection of the range is open.
        long rangeEnd = to.toEpochMilli();
        List<DriftEvent> events = new ArrayList<>(drift(jdbc, cluster, "DETECTED", from.toEpochMilli(), rangeEnd));
        events.addAll(drift(jdbc, cluster, "RESOLVED", from.toEpochMilli(), rangeEnd));
        int read = events.size() + rawApplies;
        Map<String, Integer> openDrift = new HashMap<>();
        long stretch = Duration.ofHours(1).toMillis();
        for (long start = rangeEnd; ; start += stretch, stretch *= 4) {
            if (read > MAX_EVENTS) {
                throw new InvalidQueryException("the range from " + from + " to " + to + " holds more than "
                        + MAX_EVENTS + " applies and drift events; ask for a shorter one or one cluster");
            }
            events.sort((a, b) -> a.at() != b.at() ? Long.compare(a.at(), b.at()) : a.id().compareTo(b.id()));
            for (DriftEvent e : events) {
                if (e.detected()) {
                    incidents.add(new Incident(e.cluster(), Instant.ofEpochMilli(e.at()), null));
                    openDrift.put(e.id(), incidents.size() - 1);
                } else if (e.detectedId() != null && openDrift.containsKey(e.detectedId())) {
                    int index = openDrift.remove(e.detectedId());
                    Incident open = incidents.get(index);
                    incidents.set(index, new Incident(open.cluster(), open.start(),
                            e.at() - open.start().toEpochMilli()));
                }
            }
            if (openDrift.isEmpty() || start >= end) {
                break;
            }
            events = drift(jdbc, cluster, "RESOLVED", start, Math.min(end, start + stretch));
            read += events.size();
        }
        return incidents;
    }

    /** A drift event as the time to restore reads it: a detection, or a resolution naming the detection it ends. */
    private record DriftEvent(String cluster, long at, boolean detected, String id, String detectedId) {
    }

    /** The drift events of {@code type} of {@code cluster} (null: every cluster) in [{@code from}, {@code to}). */
    private static List<DriftEvent> drift(JdbcClient jdbc, String cluster, String type, long from, long to) {
        return jdbc.sql("SELECT cluster, occurred_at, event_id, detected_event_id FROM drift WHERE "
                + byCluster(cluster) + "event_type = ? AND occurred_at >= ? AND occurred_at < ? LIMIT "
                + (MAX_EVENTS + 1)).params(range(cluster, type, from, to))
                .query((row, n) -> new DriftEvent(row.getString(1), row.getLong(2), type.equals("DETECTED"),
                        row.getString(3), row.getString(4))).list();
    }

    /**
     * The incidents of one cluster's applies: its segments walked in order, an incident opened by an unhealthy apply
     * when none is open and ended by the next healthy one; one still open at the range's end looks up its resolving
     * apply up to {@link #RESOLUTION_WINDOW} later.
     */
    private static void applyIncidents(JdbcClient jdbc, String cluster, Iterable<DoraDay.Segment> segments,
                                       long rangeEnd, long end, List<Incident> incidents) {
        Long failingSince = null;
        int open = -1;
        for (DoraDay.Segment segment : segments) {
            if (segment.unhealthyFrom() != null && failingSince == null) {
                failingSince = segment.unhealthyFrom();
                incidents.add(new Incident(cluster, Instant.ofEpochMilli(failingSince), null));
                open = incidents.size() - 1;
            }
            if (segment.healthyAt() != null && failingSince != null) {
                incidents.set(open, new Incident(cluster, Instant.ofEpochMilli(failingSince),
                        segment.healthyAt() - failingSince));
                failingSince = null;
            }
            for (DoraDay.Run run : segment.runs()) {
                if (run.resolvedAt() != null) {
                    incidents.add(new Incident(cluster, Instant.ofEpochMilli(run.start()),
                            run.resolvedAt() - run.start()));
                } else {
                    failingSince = run.start();
                    incidents.add(new Incident(cluster, Instant.ofEpochMilli(failingSince), null));
                    open = incidents.size() - 1;
                }
            }
        }
        if (failingSince != null) {
            Long resolved = resolution(jdbc, cluster, rangeEnd, end);
            if (resolved != null) {
                incidents.set(open, new Incident(cluster, Instant.ofEpochMilli(failingSince),
                        resolved - failingSince));
            }
        }
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
