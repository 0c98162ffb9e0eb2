package io.shiplog.auditor.query;

import io.shiplog.auditor.query.Results.HistoryEntry;
import io.shiplog.auditor.query.Results.ObjectChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Queries 4 and 6: a cluster's history in a time range, and the commits that touched an object. */
public final class HistoryQueries {

    private final Jdbc jdbc;

    public HistoryQueries(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Query 4: applies, failures, prunes and drift of {@code cluster} in [{@code from}, {@code to}), oldest first. */
    public Page<HistoryEntry> history(String cluster, Instant from, Instant to, PageRequest page) {
        if (!from.isBefore(to)) {
            throw new InvalidQueryException("from (" + from + ") must be before to (" + to + ")");
        }
        StateQueries.requireCluster(jdbc, cluster);
        long start = from.toEpochMilli();
        long end = to.toEpochMilli();
        List<HistoryEntry> rows = jdbc.list("SELECT * FROM ("
                + "SELECT occurred_at, CASE WHEN event_type = 'COMPLETED' THEN 'APPLIED' ELSE 'APPLY_FAILED' END "
                + "AS entry, commit_sha, COALESCE(status, reason) AS status, CAST(NULL AS VARCHAR) AS obj, "
                + "CASE WHEN event_type = 'COMPLETED' THEN apply_trigger || ', ' || object_count || ' objects, ' "
                + "|| failed_count || ' failed, ' || pruned_count || ' pruned' ELSE apply_trigger || ': ' || message "
                + "END AS detail, event_id AS id "
                + "FROM applies WHERE cluster = ? AND event_type IN ('COMPLETED', 'FAILED') "
                + "AND occurred_at >= ? AND occurred_at < ? "
                + "UNION ALL SELECT r.occurred_at, 'PRUNED', a.commit_sha, r.action, "
                + "r.obj_kind || '/' || COALESCE(r.obj_namespace || '/', '') || r.obj_name, r.source_path, "
                + "r.event_id || r.obj_kind || r.obj_name FROM apply_results r JOIN applies a ON a.event_id = r.event_id "
                + "WHERE r.cluster = ? AND r.action = 'PRUNED' AND r.occurred_at >= ? AND r.occurred_at < ? "
                + "UNION ALL SELECT occurred_at, 'DRIFT_' || event_type, commit_sha, drift_kind, "
                + "CASE WHEN obj_kind IS NULL THEN NULL ELSE obj_kind || '/' || COALESCE(obj_namespace || '/', '') "
                + "|| obj_name END, COALESCE(field_paths, detail), event_id "
                + "FROM drift WHERE cluster = ? AND occurred_at >= ? AND occurred_at < ?"
                + ") h ORDER BY occurred_at, id LIMIT ? OFFSET ?",
                row -> new HistoryEntry(Jdbc.instant(row, "occurred_at"), row.getString(2), row.getString(3),
                        row.getString(4), row.getString(5), row.getString(6)),
                cluster, start, end, cluster, start, end, cluster, start, end, page.size() + 1, page.offset());
        return page.page(rows);
    }

    /**
     * Query 6: the commits, Shiplog's or anyone's, that touched object {@code kind}/{@code name} (in
     * {@code namespace} when given), newest first: Shiplog commits name the object; other commits touched a file
     * the object was applied from.
     */
    public Page<ObjectChange> changes(String kind, String namespace, String name, PageRequest page) {
        if (kind == null || kind.isBlank() || name == null || name.isBlank()) {
            throw new InvalidQueryException("kind and name are required");
        }
        String ns = namespace == null || namespace.isBlank() ? null : namespace;
        List<String> paths = jdbc.list("SELECT DISTINCT source_path FROM apply_results WHERE obj_kind = ? "
                + "AND obj_name = ? AND (CAST(? AS VARCHAR) IS NULL OR obj_namespace = ?) AND source_path IS NOT NULL",
                row -> row.getString(1), kind, name, ns, ns);
        boolean named = jdbc.exists("SELECT 1 FROM commit_changes WHERE obj_kind = ? AND obj_name = ? "
                + "AND (CAST(? AS VARCHAR) IS NULL OR obj_namespace = ? OR obj_namespace IS NULL) LIMIT 1", kind, name, ns, ns);
        if (paths.isEmpty() && !named) {
            throw new NotFoundException("object " + kind + "/" + (ns == null ? "" : ns + "/") + name
                    + " is not in the release log");
        }
        List<Object> params = new ArrayList<>();
        params.add(kind);
        params.add(name);
        params.add(ns);
        params.add(ns);
        params.addAll(paths);
        params.add(page.size() + 1);
        params.add(page.offset());
        String columns = "SELECT c.sha, c.by_shiplog, c.author_name, c.author_email, c.committed_at, c.message "
                + "FROM commits c WHERE ";
        String pathFilter = paths.isEmpty() ? "" : " UNION " + columns + "c.sha IN (SELECT sha FROM commit_paths "
                + "WHERE path IN (" + Jdbc.placeholders(paths.size()) + "))";
        record Commit(String sha, boolean byShiplog, String author, String email, Instant committedAt,
                      String message) {
        }
        List<Commit> commits = jdbc.list("SELECT * FROM (" + columns + "c.sha IN (SELECT sha FROM commit_changes "
                + "WHERE obj_kind = ? AND obj_name = ? AND (CAST(? AS VARCHAR) IS NULL OR obj_namespace = ? "
                + "OR obj_namespace IS NULL))" + pathFilter + ") u ORDER BY committed_at DESC, sha LIMIT ? OFFSET ?",
                row -> new Commit(row.getString(1), row.getBoolean(2), row.getString(3), row.getString(4),
                        Jdbc.instant(row, "committed_at"), row.getString(6)), params.toArray());
        Map<String, ObjectChange> out = new LinkedHashMap<>();
        for (Commit c : commits) {
            if (out.containsKey(c.sha())) {
                continue;
            }
            List<String> touched = jdbc.list("SELECT path FROM commit_paths WHERE sha = ? ORDER BY path",
                    row -> row.getString(1), c.sha()).stream()
                    .filter(p -> paths.contains(p) || paths.isEmpty()).distinct().toList();
            List<String> changes = jdbc.list("SELECT field, from_value, to_value, policy FROM commit_changes "
                    + "WHERE sha = ? AND obj_kind = ? AND obj_name = ? ORDER BY path, field",
                    row -> row.getString(1) + ": " + row.getString(2) + " -> " + row.getString(3) + " ("
                            + row.getString(4) + ")", c.sha(), kind, name);
            out.put(c.sha(), new ObjectChange(c.sha(), c.byShiplog(), c.author(), c.email(), c.committedAt(),
                    c.message(), touched, changes));
        }
        return page.page(new ArrayList<>(out.values()));
    }
}
