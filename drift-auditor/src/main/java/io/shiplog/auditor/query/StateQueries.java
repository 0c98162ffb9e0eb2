package io.shiplog.auditor.query;

import io.shiplog.auditor.query.Results.ClusterState;
import io.shiplog.auditor.query.Results.ImageLocation;
import io.shiplog.auditor.query.Results.Workload;
import io.shiplog.schemas.image.ImageReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Queries 1 and 2: what a cluster ran at a time, and where an image repository runs now. */
public final class StateQueries {

    /** The newest time of a completed, not wholly failed apply of a cluster at or before a time (index order). */
    private static final String LAST_APPLY_TIME = "SELECT occurred_at FROM applies WHERE cluster = ? "
            + "AND event_type = 'COMPLETED' AND occurred_at <= ? AND status <> 'FAILED' "
            + "ORDER BY cluster DESC, event_type DESC, occurred_at DESC LIMIT 1";
    private static final int DIGEST_LOOKUPS = 64;

    private final JdbcClient jdbc;

    /** @param jdbc the store's read-only query pool */
    public StateQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Query 1: the commit applied to {@code cluster} at {@code at} (the last completed apply) and its workloads. */
    public ClusterState stateAt(String cluster, Instant at, PageRequest page) {
        requireCluster(jdbc, cluster);
        record Apply(long seq, String sha, Instant at, String trigger, String status) {
        }
        Long time = jdbc.sql(LAST_APPLY_TIME).params(cluster, at.toEpochMilli()).query(Long.class).optional()
                .orElse(null);
        Apply apply = time == null ? null : jdbc.sql("SELECT apply_seq, commit_sha, occurred_at, apply_trigger, "
                + "status FROM applies WHERE cluster = ? AND event_type = 'COMPLETED' AND occurred_at = ? "
                + "AND status <> 'FAILED' ORDER BY event_id DESC LIMIT 1").params(cluster, time)
                .query((row, n) -> new Apply(row.getLong(1), row.getString(2), Sql.instant(row, "occurred_at"),
                        row.getString(4), row.getString(5))).optional().orElse(null);
        if (apply == null) {
            return new ClusterState(cluster, at, null, null, null, null, page.page(List.of()));
        }
        List<Workload> rows = jdbc.sql("SELECT obj_kind, obj_namespace, obj_name, action, health, image "
                + "FROM workload_images WHERE apply_seq = ? "
                + "ORDER BY obj_namespace, obj_kind, obj_name, image").param(apply.seq())
                .query((row, n) -> new Workload(row.getString(1), row.getString(2), row.getString(3),
                        List.of(row.getString(6)), row.getString(4), row.getString(5))).list();
        Map<String, Workload> merged = new LinkedHashMap<>();
        for (Workload w : rows) {
            merged.merge(w.namespace() + "/" + w.kind() + "/" + w.name(), w, (a, b) -> {
                List<String> images = new ArrayList<>(a.images());
                images.addAll(b.images());
                return new Workload(a.kind(), a.namespace(), a.name(), images, a.action(), a.health());
            });
        }
        List<Workload> all = new ArrayList<>(merged.values());
        int from = (int) Math.min(all.size(), page.offset());
        List<Workload> slice = all.subList(from, (int) Math.min(all.size(), page.offset() + page.size() + 1));
        return new ClusterState(cluster, at, apply.sha(), apply.at(), apply.trigger(), apply.status(),
                page.page(slice));
    }

    /**
     * Query 2: every workload of each cluster's current apply (the last completed one that did not wholly fail) that
     * runs {@code repository}, and since when: read from the placements the projection keeps.
     */
    public Page<ImageLocation> whereIs(String repository, PageRequest page) {
        String canonical;
        try {
            canonical = ImageReference.canonicalRepository(repository);
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException(e.getMessage());
        }
        List<ImageLocation> rows = jdbc.sql("SELECT cluster, obj_kind, obj_namespace, obj_name, image, tag, digest, "
                + "since FROM current_placements WHERE repository = ? "
                + "ORDER BY cluster, obj_namespace, obj_kind, obj_name, image LIMIT ? OFFSET ?")
                .params(canonical, page.size() + 1, page.offset())
                .query((row, n) -> new ImageLocation(row.getString(1), row.getString(2), row.getString(3),
                        row.getString(4), row.getString(5), row.getString(6), row.getString(7),
                        Sql.instant(row, "since"))).list();
        if (rows.isEmpty() && page.offset() == 0
                && !exists(jdbc, "SELECT 1 FROM image_events WHERE repository = ? LIMIT 1", canonical)
                && !exists(jdbc, "SELECT 1 FROM current_placements WHERE repository = ? LIMIT 1", canonical)) {
            throw new NotFoundException("image repository '" + repository + "' is not in the release log");
        }
        Map<String, String> digests = new HashMap<>();
        List<ImageLocation> withDigests = new ArrayList<>();
        for (ImageLocation location : rows) {
            String digest = location.digest();
            if (digest == null && location.tag() != null && digests.size() < DIGEST_LOOKUPS) {
                digest = digests.computeIfAbsent(location.tag(), tag -> jdbc.sql("SELECT digest FROM image_events "
                        + "WHERE repository = ? AND tag = ? AND event_type <> 'REMOVED' AND occurred_at <= ? "
                        + "ORDER BY repository DESC, tag DESC, occurred_at DESC LIMIT 1")
                        .params(canonical, tag, Instant.now().toEpochMilli())
                        .query((row, n) -> row.getString(1)).optional().orElse(null));
            }
            withDigests.add(new ImageLocation(location.cluster(), location.kind(), location.namespace(),
                    location.name(), location.image(), location.tag(), digest, location.since()));
        }
        return page.page(withDigests);
    }

    static void requireCluster(JdbcClient jdbc, String cluster) {
        if (!exists(jdbc, "SELECT 1 FROM clusters WHERE name = ?", cluster)) {
            throw new NotFoundException("cluster '" + cluster + "' is not in the release log");
        }
    }

    /** Whether {@code sql} (one row at most: a key or {@code LIMIT 1}) finds a row. */
    private static boolean exists(JdbcClient jdbc, String sql, Object... params) {
        return jdbc.sql(sql).params(params).query((row, n) -> Boolean.TRUE).optional().isPresent();
    }
}
