package io.shiplog.auditor.web;

import io.shiplog.auditor.query.InvalidQueryException;
import io.shiplog.auditor.query.NotFoundException;
import io.shiplog.auditor.query.Page;
import io.shiplog.auditor.query.PageRequest;
import io.shiplog.auditor.query.Results.Trace;
import io.shiplog.auditor.query.TraceQuery;
import io.shiplog.auditor.web.FleetView.Cell;
import io.shiplog.auditor.web.FleetView.ClusterRow;
import io.shiplog.auditor.web.FleetView.DriftRow;
import io.shiplog.auditor.web.FleetView.Fleet;
import io.shiplog.auditor.web.FleetView.Release;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The web view's own reads of the audit store (read-only, on the query pool): the fleet matrix from the placements
 * and current applies the projection keeps, the releases newest first (each traced like {@code GET /trace}), and the
 * drift of the fleet with its field paths.
 */
public final class FleetQueries {

    /** Worst first: the health a cell shows is that of its least healthy workload. */
    private static final List<String> HEALTH_ORDER = List.of("DEGRADED", "PROGRESSING", "UNKNOWN", "HEALTHY");

    /** The most releases one page holds: each is traced with several queries. */
    public static final int MAX_RELEASES = 100;

    private static final int CHUNK = 500;

    private final JdbcClient jdbc;
    private final TraceQuery trace;

    /**
     * @param jdbc  the store's read-only query pool
     * @param trace the trace query each release is read with
     */
    public FleetQueries(JdbcClient jdbc, TraceQuery trace) {
        this.jdbc = jdbc;
        this.trace = trace;
    }

    /** Every cluster in the log × every application (image repository) running somewhere now. */
    public Fleet fleet() {
        Map<String, Head> heads = new LinkedHashMap<>();
        jdbc.sql("SELECT h.cluster, h.apply_seq, a.commit_sha, h.applied_at, a.status FROM cluster_heads h "
                + "JOIN applies a ON a.apply_seq = h.apply_seq").query((row, n) -> new Head(row.getString(1),
                row.getLong(2), row.getString(3), instant(row, 4), row.getString(5)))
                .list().forEach(h -> heads.put(h.cluster(), h));
        Map<String, Set<String>> drifting = new HashMap<>();
        RowCallbackHandler openDrift = row -> drifting.computeIfAbsent(row.getString(1), k -> new HashSet<>())
                .add(object(row.getString(2), row.getString(3), row.getString(4)));
        jdbc.sql("SELECT cluster, obj_kind, obj_namespace, obj_name FROM open_drift").query(openDrift);
        List<ClusterRow> clusters = new ArrayList<>();
        for (String cluster : jdbc.sql("SELECT name FROM clusters ORDER BY name").query(String.class).list()) {
            Head head = heads.get(cluster);
            Outcome last = lastApply(cluster);
            clusters.add(new ClusterRow(cluster, head == null ? null : head.sha(), head == null ? null : head.at(),
                    head == null ? null : head.status(), last == null ? null : last.result(),
                    last == null ? null : last.at(), drifting.getOrDefault(cluster, Set.of()).size()));
        }
        Map<String, String> health = health(heads.values());
        Map<String, List<Placement>> byCell = new TreeMap<>();
        Set<String> applications = new TreeSet<>();
        jdbc.sql("SELECT cluster, obj_kind, obj_namespace, obj_name, repository, tag, digest, since "
                + "FROM current_placements").query((row, n) -> new Placement(row.getString(1),
                object(row.getString(2), row.getString(3), row.getString(4)), row.getString(5),
                row.getString(6) != null ? row.getString(6) : row.getString(7), instant(row, 8))).list()
                .forEach(p -> {
                    applications.add(p.repository());
                    byCell.computeIfAbsent(p.cluster() + "|" + p.repository(), k -> new ArrayList<>()).add(p);
                });
        List<Cell> cells = byCell.values().stream().map(list -> cell(list, health,
                drifting.getOrDefault(list.get(0).cluster(), Set.of()))).toList();
        return new Fleet(clusters, List.copyOf(applications), cells);
    }

    /** A cluster's current apply. */
    private record Head(String cluster, long seq, String sha, Instant at, String status) {
    }

    /** A workload image running now, and since when. */
    private record Placement(String cluster, String object, String repository, String version, Instant since) {
    }

    /** The placements of one cluster and application as a cell, with their health and open drift. */
    private static Cell cell(List<Placement> placements, Map<String, String> health, Set<String> drifting) {
        Placement first = placements.get(0);
        Set<String> versions = new TreeSet<>();
        Set<String> workloads = new LinkedHashSet<>();
        String worst = "HEALTHY";
        Instant since = first.since();
        for (Placement p : placements) {
            if (p.version() != null) {
                versions.add(p.version());
            }
            workloads.add(p.object());
            worst = worse(worst, health.getOrDefault(p.cluster() + "|" + p.object(), "UNKNOWN"));
            since = p.since() != null && (since == null || p.since().isAfter(since)) ? p.since() : since;
        }
        int drift = (int) workloads.stream().filter(drifting::contains).count();
        return new Cell(first.cluster(), first.repository(), List.copyOf(versions), worst, workloads.size(), drift,
                since);
    }

    /** The health of each workload ({@code cluster|object}) in its cluster's current apply, the worst of its rows. */
    private Map<String, String> health(Collection<Head> heads) {
        Map<String, String> health = new HashMap<>();
        Map<Long, String> clusterOfSeq = new HashMap<>();
        heads.forEach(h -> clusterOfSeq.put(h.seq(), h.cluster()));
        List<Long> seqs = List.copyOf(clusterOfSeq.keySet());
        for (int i = 0; i < seqs.size(); i += CHUNK) {
            List<Long> chunk = seqs.subList(i, Math.min(seqs.size(), i + CHUNK));
            jdbc.sql("SELECT apply_seq, obj_kind, obj_namespace, obj_name, health FROM workload_images "
                    + "WHERE apply_seq IN (" + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")")
                    .params(chunk).query((row, n) -> Map.entry(clusterOfSeq.get(row.getLong(1)) + "|"
                            + object(row.getString(2), row.getString(3), row.getString(4)),
                            row.getString(5) == null ? "UNKNOWN" : row.getString(5))).list()
                    .forEach(e -> health.merge(e.getKey(), e.getValue(), FleetQueries::worse));
        }
        return health;
    }

    /** An apply's result ({@code APPLY_FAILED} or the completed apply's status) and time. */
    private record Outcome(String result, Instant at) {
    }

    /** The newest apply of {@code cluster}, completed or failed (null without any), read in index order. */
    private Outcome lastApply(String cluster) {
        Outcome last = null;
        for (String type : List.of("COMPLETED", "FAILED")) {
            Outcome found = jdbc.sql("SELECT occurred_at, status FROM applies WHERE cluster = ? AND event_type = ? "
                    + "ORDER BY cluster DESC, event_type DESC, occurred_at DESC LIMIT 1").params(cluster, type)
                    .query((row, n) -> new Outcome("COMPLETED".equals(type) ? row.getString(2) : "APPLY_FAILED",
                            instant(row, 1))).optional().orElse(null);
            if (found != null && (last == null || found.at().isAfter(last.at()))) {
                last = found;
            }
        }
        return last;
    }

    /** The commits seen in [{@code from}, {@code to}) ({@code from} null: since the start), newest first. */
    public Page<Release> releases(Instant from, Instant to, PageRequest page) {
        if (page.size() > MAX_RELEASES) {
            throw new InvalidQueryException("size must be at most " + MAX_RELEASES + " for releases (each is traced), "
                    + "got " + page.size());
        }
        if (from != null && !from.isBefore(to)) {
            throw new InvalidQueryException("from (" + from + ") must be before to (" + to + ")");
        }
        record Commit(String sha, String repo, String branch, String author, boolean byShiplog, Instant at) {
        }
        List<Commit> commits = jdbc.sql("SELECT sha, config_repo, branch, author_name, by_shiplog, occurred_at "
                + "FROM commits WHERE occurred_at >= ? AND occurred_at < ? ORDER BY occurred_at DESC, event_id DESC "
                + "LIMIT ? OFFSET ?").params(from == null ? Long.MIN_VALUE : from.toEpochMilli(), to.toEpochMilli(),
                page.size() + 1, (long) page.page() * page.size())
                .query((row, n) -> new Commit(row.getString(1), row.getString(2), row.getString(3),
                        row.getString(4), row.getBoolean(5), instant(row, 6))).list();
        boolean more = commits.size() > page.size();
        List<Release> releases = new ArrayList<>();
        for (Commit c : more ? commits.subList(0, page.size()) : commits) {
            List<String> images = jdbc.sql("SELECT DISTINCT repository, to_tag, to_digest FROM commit_changes "
                    + "WHERE sha = ? AND repository IS NOT NULL").param(c.sha())
                    .query((row, n) -> row.getString(1) + ":" + (row.getString(2) != null ? row.getString(2)
                            : row.getString(3))).list();
            Trace chain = trace.trace(c.sha());
            Instant discovered = chain.discovered().stream().map(d -> d.at()).min(Comparator.naturalOrder())
                    .orElse(null);
            releases.add(new Release(c.sha(), c.repo(), c.branch(), c.author(), c.byShiplog(), c.at(),
                    images.stream().sorted().toList(), discovered, chain.applies()));
        }
        return new Page<>(releases, page.page(), page.size(), more);
    }

    /**
     * The drift detected on {@code cluster} (null: every cluster), newest first; {@code openOnly}: unresolved, a page
     * of the open drift the projection keeps, not a fold of the whole drift history.
     */
    public Page<DriftRow> drift(String cluster, boolean openOnly, PageRequest page) {
        if (cluster != null && jdbc.sql("SELECT name FROM clusters WHERE name = ?").param(cluster).query(String.class)
                .optional().isEmpty()) {
            throw new NotFoundException("cluster '" + cluster + "' is not in the release log");
        }
        if (openOnly) {
            return openDrift(cluster, page);
        }
        List<DriftRow> rows = new ArrayList<>(detections(cluster));
        rows.sort(Comparator.comparing(DriftRow::detectedAt).reversed());
        int from = (int) Math.min(rows.size(), (long) page.page() * page.size());
        int to = (int) Math.min(rows.size(), (long) from + page.size());
        return new Page<>(rows.subList(from, to), page.page(), page.size(), rows.size() > to);
    }

    /** A page of the open drift on {@code cluster} (null: every cluster), newest first. */
    private Page<DriftRow> openDrift(String cluster, PageRequest page) {
        List<Object> params = new ArrayList<>(cluster == null ? List.of() : List.of(cluster));
        params.add(page.size() + 1);
        params.add((long) page.page() * page.size());
        List<DriftRow> rows = jdbc.sql("SELECT cluster, drift_kind, obj_kind, obj_namespace, obj_name, field_paths, "
                + "commit_sha, occurred_at, detail FROM open_drift " + (cluster == null ? "" : "WHERE cluster = ? ")
                + "ORDER BY occurred_at DESC, event_id LIMIT ? OFFSET ?").params(params)
                .query((row, n) -> new DriftRow(row.getString(1), row.getString(2), object(row.getString(3),
                        row.getString(4), row.getString(5)), DriftDetections.paths(row.getString(6)),
                        row.getString(7), instant(row, 8), null, row.getString(9))).list();
        boolean more = rows.size() > page.size();
        return new Page<>(more ? rows.subList(0, page.size()) : rows, page.page(), page.size(), more);
    }

    /** Every detection on {@code cluster} (null: every cluster) in log order, with its resolution. */
    private List<DriftRow> detections(String cluster) {
        String where = cluster == null ? "" : "cluster = ? AND ";
        return DriftDetections.fold(jdbc.sql("SELECT event_id, event_type, cluster, drift_kind, obj_kind, "
                + "obj_namespace, obj_name, commit_sha, field_paths, detected_event_id, detail, occurred_at FROM drift "
                + "WHERE " + where + "event_type IN ('DETECTED', 'RESOLVED') ORDER BY occurred_at, event_type")
                .params(cluster == null ? List.of() : List.of(cluster))
                .query((row, n) -> new DriftDetections.Event(row.getString(1), row.getString(2), row.getString(3),
                        row.getString(4), object(row.getString(5), row.getString(6), row.getString(7)),
                        row.getString(8), row.getString(9), row.getString(10), row.getString(11), instant(row, 12)))
                .list());
    }

    private static String worse(String a, String b) {
        int ia = HEALTH_ORDER.indexOf(a);
        int ib = HEALTH_ORDER.indexOf(b);
        return (ia < 0 ? HEALTH_ORDER.size() : ia) <= (ib < 0 ? HEALTH_ORDER.size() : ib) ? a : b;
    }

    private static String object(String kind, String namespace, String name) {
        return kind == null ? null : kind + "/" + (namespace == null ? "" : namespace + "/") + name;
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(value);
    }
}
