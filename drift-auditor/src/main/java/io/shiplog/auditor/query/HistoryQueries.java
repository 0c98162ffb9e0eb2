package io.shiplog.auditor.query;

import io.shiplog.auditor.query.Results.HistoryEntry;
import io.shiplog.auditor.query.Results.ObjectChange;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Queries 4 and 6: a cluster's history in a time range, and the commits that touched an object. */
public final class HistoryQueries {

    private final JdbcClient jdbc;

    /** @param jdbc the store's read-only query pool */
    public HistoryQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Query 4: applies, failures, prunes and drift of {@code cluster} in [{@code from}, {@code to}), oldest first. */
    public Page<HistoryEntry> history(String cluster, Instant from, Instant to, PageRequest page) {
        if (!from.isBefore(to)) {
            throw new InvalidQueryException("from (" + from + ") must be before to (" + to + ")");
        }
        StateQueries.requireCluster(jdbc, cluster);
        long start = from.toEpochMilli();
        long end = to.toEpochMilli();
        // each source is read in index order up to the rows this page needs, then merged: bounded by the page
        int needed = (int) Math.min(Integer.MAX_VALUE - 1, page.offset() + page.size() + 1);
        List<Entry> entries = new ArrayList<>();
        String applies = "SELECT occurred_at, event_id, event_type, commit_sha, status, reason, apply_trigger, "
                + "object_count, failed_count, pruned_count, message FROM applies WHERE cluster = ? AND event_type = ? "
                + "AND occurred_at >= ? AND occurred_at < ?";
        RowMapper<Entry> apply = (row, n) -> {
            boolean completed = "COMPLETED".equals(row.getString(3));
            String detail = completed ? row.getString(7) + ", " + row.getString(8) + " objects, " + row.getString(9)
                    + " failed, " + row.getString(10) + " pruned"
                    : row.getString(11) == null ? null : row.getString(7) + ": " + row.getString(11);
            return new Entry(row.getString(2), new HistoryEntry(Sql.instant(row, "occurred_at"),
                    completed ? "APPLIED" : "APPLY_FAILED", row.getString(4),
                    completed ? row.getString(5) : row.getString(6), null, detail));
        };
        for (String type : List.of("COMPLETED", "FAILED")) {
            entries.addAll(firstRows(applies, " ORDER BY cluster, event_type, occurred_at", needed, apply,
                    cluster, type, start, end));
        }
        entries.addAll(firstRows("SELECT occurred_at, event_id, obj_kind, obj_namespace, obj_name, source_path, "
                + "commit_sha, action FROM apply_results WHERE cluster = ? AND action = ? AND occurred_at >= ? "
                + "AND occurred_at < ?", " ORDER BY cluster, action, occurred_at", needed,
                (row, n) -> new Entry(row.getString(2) + row.getString(3) + row.getString(5), new HistoryEntry(
                        Sql.instant(row, "occurred_at"), "PRUNED", row.getString(7), row.getString(8),
                        TraceQuery.object(row.getString(3), row.getString(4), row.getString(5)), row.getString(6))),
                cluster, "PRUNED", start, end));
        entries.addAll(firstRows("SELECT occurred_at, event_id, event_type, commit_sha, drift_kind, obj_kind, "
                + "obj_namespace, obj_name, field_paths, detail FROM drift WHERE cluster = ? AND occurred_at >= ? "
                + "AND occurred_at < ?", " ORDER BY cluster, occurred_at", needed, (row, n) -> new Entry(
                row.getString(2), new HistoryEntry(Sql.instant(row, "occurred_at"), "DRIFT_" + row.getString(3),
                        row.getString(4), row.getString(5),
                        TraceQuery.object(row.getString(6), row.getString(7), row.getString(8)),
                        row.getString(9) != null ? row.getString(9) : row.getString(10))),
                cluster, start, end));
        entries.sort(Comparator.comparing((Entry e) -> e.entry().at()).thenComparing(Entry::id));
        int offset = (int) Math.min(entries.size(), page.offset());
        return page.page(entries.subList(offset, Math.min(entries.size(), needed)).stream().map(Entry::entry)
                .toList());
    }

    /** A history entry with the id that orders entries of the same millisecond. */
    private record Entry(String id, HistoryEntry entry) {
    }

    /**
     * The first {@code limit} rows of {@code select} in {@code order} (an index order on {@code occurred_at}), plus
     * every further row of the last row's millisecond, so that the caller's tie-break by id stays exact.
     */
    private List<Entry> firstRows(String select, String order, int limit, RowMapper<Entry> mapper, Object... params) {
        List<Object> limited = new ArrayList<>(Arrays.asList(params));
        limited.add(limit);
        List<Entry> rows = jdbc.sql(select + order + " LIMIT ?").params(limited).query(mapper).list();
        if (rows.size() < limit) {
            return rows;
        }
        long last = rows.get(rows.size() - 1).entry().at().toEpochMilli();
        Object[] ties = params.clone();
        ties[ties.length - 2] = last;
        ties[ties.length - 1] = last + 1;
        Map<String, Entry> all = new LinkedHashMap<>();
        rows.forEach(e -> all.put(e.id() + e.entry().type(), e));
        jdbc.sql(select).params(ties).query(mapper).list()
                .forEach(e -> all.putIfAbsent(e.id() + e.entry().type(), e));
        return new ArrayList<>(all.values());
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
        // typed, so that a null namespace is bound without asking the driver for the parameter's type
        SqlParameterValue nsParam = new SqlParameterValue(Types.VARCHAR, ns);
        List<String> paths = jdbc.sql("SELECT DISTINCT source_path FROM object_sources WHERE obj_kind = ? "
                + "AND obj_name = ? AND (CAST(? AS VARCHAR) IS NULL OR obj_namespace = ?)")
                .params(kind, name, nsParam, nsParam).query(String.class).list();
        String named = "SELECT sha, committed_at FROM commit_changes WHERE obj_kind = ? AND obj_name = ? "
                + "AND (CAST(? AS VARCHAR) IS NULL OR obj_namespace = ? OR obj_namespace IS NULL)";
        int needed = (int) Math.min(Integer.MAX_VALUE - 1, page.offset() + page.size() + 1);
        // newest first from each source in index order, up to the commits this page needs
        Map<String, Long> candidates = new HashMap<>();
        RowMapper<Object[]> shaTime = (row, n) -> {
            long at = row.getLong(2);
            return new Object[] {row.getString(1), row.wasNull() ? Long.MIN_VALUE : at};
        };
        List<List<Object[]>> sources = new ArrayList<>();
        sources.add(newest(named, " ORDER BY obj_kind DESC, obj_name DESC, committed_at DESC", needed, shaTime,
                kind, name, nsParam, nsParam));
        if (sources.get(0).isEmpty() && paths.isEmpty()) {
            throw new NotFoundException("object " + kind + "/" + (ns == null ? "" : ns + "/") + name
                    + " is not in the release log");
        }
        for (String path : paths) {
            sources.add(newest("SELECT sha, committed_at FROM commit_paths WHERE path = ?",
                    " ORDER BY path DESC, committed_at DESC", needed, shaTime, path));
        }
        for (List<Object[]> source : sources) {
            for (Object[] row : source) {
                candidates.merge((String) row[0], (Long) row[1], Math::max);
            }
        }
        List<String> ordered = candidates.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Long> e) -> e.getValue()).reversed()
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).toList();
        int offset = (int) Math.min(ordered.size(), page.offset());
        List<String> shas = ordered.subList(offset, Math.min(ordered.size(), needed));
        if (shas.isEmpty()) {
            return page.page(List.of());
        }
        record Commit(String sha, boolean byShiplog, String author, String email, Instant committedAt,
                      String message) {
        }
        Map<String, Commit> commits = new HashMap<>();
        for (Commit c : jdbc.sql("SELECT sha, by_shiplog, author_name, author_email, committed_at, message "
                + "FROM commits WHERE sha IN (" + Sql.placeholders(shas.size()) + ") ORDER BY occurred_at")
                .params(shas).query((row, n) -> new Commit(row.getString(1), row.getBoolean(2), row.getString(3),
                        row.getString(4), Sql.instant(row, "committed_at"), row.getString(6))).list()) {
            commits.putIfAbsent(c.sha(), c);
        }
        Map<String, List<String>> touched = new HashMap<>();
        jdbc.sql("SELECT DISTINCT sha, path FROM commit_paths WHERE sha IN (" + Sql.placeholders(shas.size())
                + ") ORDER BY sha, path").params(shas)
                .query((row, n) -> new String[] {row.getString(1), row.getString(2)}).list()
                .forEach(r -> {
                    if (paths.isEmpty() || paths.contains(r[1])) {
                        touched.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r[1]);
                    }
                });
        List<Object> params = new ArrayList<>(shas);
        params.add(kind);
        params.add(name);
        Map<String, List<String>> changes = new HashMap<>();
        jdbc.sql("SELECT sha, field, from_value, to_value, policy FROM commit_changes WHERE sha IN ("
                + Sql.placeholders(shas.size()) + ") AND obj_kind = ? AND obj_name = ? ORDER BY sha, path, field")
                .params(params).query((row, n) -> new String[] {row.getString(1), row.getString(2) + ": "
                        + row.getString(3) + " -> " + row.getString(4) + " (" + row.getString(5) + ")"}).list()
                .forEach(r -> changes.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r[1]));
        List<ObjectChange> out = new ArrayList<>();
        for (String sha : shas) {
            Commit c = commits.get(sha);
            if (c == null) {
                continue;
            }
            out.add(new ObjectChange(c.sha(), c.byShiplog(), c.author(), c.email(), c.committedAt(), c.message(),
                    touched.getOrDefault(sha, List.of()), changes.getOrDefault(sha, List.of())));
        }
        return page.page(out);
    }

    /** The newest {@code limit} rows (sha, committed_at) of {@code select}, plus the rest of the last one's time. */
    private List<Object[]> newest(String select, String order, int limit, RowMapper<Object[]> mapper,
                                  Object... params) {
        List<Object> limited = new ArrayList<>(Arrays.asList(params));
        limited.add(limit);
        List<Object[]> rows = jdbc.sql(select + order + " LIMIT ?").params(limited).query(mapper).list();
        if (rows.size() < limit || (Long) rows.get(rows.size() - 1)[1] == Long.MIN_VALUE) {
            return rows;
        }
        List<Object> ties = new ArrayList<>(Arrays.asList(params));
        ties.add(rows.get(rows.size() - 1)[1]);
        List<Object[]> all = new ArrayList<>(rows);
        all.addAll(jdbc.sql(select + " AND committed_at = ?").params(ties).query(mapper).list());
        return all;
    }
}
