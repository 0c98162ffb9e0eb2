package io.shiplog.auditor.query;

import io.shiplog.auditor.project.ImageRef;
import io.shiplog.auditor.query.Results.ClusterState;
import io.shiplog.auditor.query.Results.ImageLocation;
import io.shiplog.auditor.query.Results.Workload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Queries 1 and 2: what a cluster ran at a time, and where an image repository runs now. */
public final class StateQueries {

    private static final String LAST_APPLY = "SELECT event_id, commit_sha, occurred_at, apply_trigger, status "
            + "FROM applies WHERE cluster = ? AND event_type = 'COMPLETED' AND status <> 'FAILED' "
            + "AND occurred_at <= ? ORDER BY occurred_at DESC, event_id DESC";

    private final Jdbc jdbc;

    public StateQueries(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Query 1: the commit applied to {@code cluster} at {@code at} (the last completed apply) and its workloads. */
    public ClusterState stateAt(String cluster, Instant at, PageRequest page) {
        requireCluster(jdbc, cluster);
        record Apply(String eventId, String sha, Instant at, String trigger, String status) {
        }
        Apply apply = jdbc.first(LAST_APPLY + " LIMIT 1", row -> new Apply(row.getString("event_id"),
                row.getString("commit_sha"), Jdbc.instant(row, "occurred_at"), row.getString("apply_trigger"),
                row.getString("status")), cluster, at);
        if (apply == null) {
            return new ClusterState(cluster, at, null, null, null, null, page.page(List.of()));
        }
        List<Workload> rows = jdbc.list("SELECT r.obj_kind, r.obj_namespace, r.obj_name, r.action, r.health, "
                + "w.image FROM apply_results r JOIN workload_images w ON w.event_id = r.event_id "
                + "AND w.obj_kind = r.obj_kind AND w.obj_name = r.obj_name "
                + "AND COALESCE(w.obj_namespace, '') = COALESCE(r.obj_namespace, '') "
                + "WHERE r.event_id = ? AND r.action <> 'PRUNED' "
                + "ORDER BY r.obj_namespace, r.obj_kind, r.obj_name, w.image", row -> new Workload(
                        row.getString(1), row.getString(2), row.getString(3), List.of(row.getString(6)),
                        row.getString(4), row.getString(5)), apply.eventId());
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

    /** Query 2: every workload whose cluster's last completed apply runs {@code repository}, and since when. */
    public Page<ImageLocation> whereIs(String repository, PageRequest page) {
        String canonical = ImageRef.canonical(repository);
        if (!jdbc.exists("SELECT 1 FROM workload_images WHERE repository = ? LIMIT 1", canonical)
                && !jdbc.exists("SELECT 1 FROM image_events WHERE repository = ? LIMIT 1", canonical)) {
            throw new NotFoundException("image repository '" + repository + "' is not in the release log");
        }
        List<String> heads = new ArrayList<>();
        for (String cluster : jdbc.list("SELECT name FROM clusters ORDER BY name", row -> row.getString(1))) {
            String head = jdbc.first(LAST_APPLY + " LIMIT 1", row -> row.getString(1), cluster, Long.MAX_VALUE);
            if (head != null) {
                heads.add(head);
            }
        }
        if (heads.isEmpty()) {
            return page.page(List.of());
        }
        List<Object> params = new ArrayList<>(heads);
        params.add(canonical);
        params.add(page.size() + 1);
        params.add(page.offset());
        List<ImageLocation> rows = jdbc.list("SELECT w.cluster, w.obj_kind, w.obj_namespace, w.obj_name, w.image, "
                + "w.tag, w.digest, "
                + "(SELECT MIN(s.occurred_at) FROM workload_images s WHERE s.cluster = w.cluster "
                + "  AND s.obj_kind = w.obj_kind AND s.obj_name = w.obj_name "
                + "  AND COALESCE(s.obj_namespace, '') = COALESCE(w.obj_namespace, '') AND s.image = w.image "
                + "  AND s.occurred_at > COALESCE((SELECT MAX(o.occurred_at) FROM workload_images o "
                + "    WHERE o.cluster = w.cluster AND o.obj_kind = w.obj_kind AND o.obj_name = w.obj_name "
                + "    AND COALESCE(o.obj_namespace, '') = COALESCE(w.obj_namespace, '') "
                + "    AND o.repository = w.repository AND o.image <> w.image), -1)) AS since "
                + "FROM workload_images w WHERE w.event_id IN (" + Jdbc.placeholders(heads.size()) + ") "
                + "AND w.repository = ? ORDER BY w.cluster, w.obj_namespace, w.obj_kind, w.obj_name LIMIT ? OFFSET ?",
                row -> new ImageLocation(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5), row.getString(6), row.getString(7), Jdbc.instant(row, "since")),
                params.toArray());
        List<ImageLocation> withDigests = new ArrayList<>();
        for (ImageLocation location : rows) {
            String digest = location.digest();
            if (digest == null && location.tag() != null) {
                digest = jdbc.first("SELECT digest FROM image_events WHERE repository = ? AND tag = ? "
                        + "AND event_type <> 'REMOVED' AND occurred_at <= ? ORDER BY occurred_at DESC LIMIT 1",
                        row -> row.getString(1), canonical, location.tag(), Instant.now());
            }
            withDigests.add(new ImageLocation(location.cluster(), location.kind(), location.namespace(),
                    location.name(), location.image(), location.tag(), digest, location.since()));
        }
        return page.page(withDigests);
    }

    static void requireCluster(Jdbc jdbc, String cluster) {
        if (!jdbc.exists("SELECT 1 FROM clusters WHERE name = ?", cluster)) {
            throw new NotFoundException("cluster '" + cluster + "' is not in the release log");
        }
    }
}
