package io.shiplog.auditor.project;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the projection keeps in memory so that it never reads the store while projecting: the clusters listed, the
 * object sources recorded, and each cluster's current apply with its placements. Small (clusters × workloads), read
 * from the store at start and after a failure, changed only by the batches that committed.
 */
final class ProjectionState {

    /** A cluster's current apply: the last completed apply that did not wholly fail. */
    record Head(long seq, String eventId, long at) {

        /** Whether an apply at {@code otherAt} with {@code otherId} is newer (ties broken by the event id). */
        boolean olderThan(long otherAt, String otherId) {
            return otherAt > at || otherAt == at && otherId.compareTo(eventId) > 0;
        }
    }

    /** One workload image of a cluster's current apply, and since when it runs there. */
    record Placement(String kind, String namespace, String name, String repository, String image, String tag,
                     String digest, long since, long seq) {

        /** The workload and image, as a key: no string built, the strings' own hashes combined. */
        WorkloadImage workloadImage() {
            return new WorkloadImage(kind, namespace, name, image);
        }
    }

    /** One image of one workload. */
    record WorkloadImage(String kind, String namespace, String name, String image) {
    }

    final Set<String> clusters = new HashSet<>();
    final Set<String> objectSources = new HashSet<>();
    /** Event ids of the commits projected: git-writer may publish one again after a crash (same id). */
    final Set<String> commitEvents = new HashSet<>();
    final Map<String, Head> heads = new HashMap<>();
    final Map<String, List<Placement>> placements = new HashMap<>();
    /** Recent image events and commits, for what each apply delivered (not read from the store). */
    final DeliveryCache deliveries = new DeliveryCache();
    /** The workload images of the recent applies, parsed (kept across a failure: not state of the store). */
    final ParsedImages images = new ParsedImages();

    /** Reads everything again from the store. */
    void load(JdbcClient jdbc) {
        clear();
        query(jdbc, "SELECT name FROM clusters", row -> clusters.add(row.getString(1)));
        query(jdbc, "SELECT event_id FROM commits", row -> commitEvents.add(row.getString(1)));
        query(jdbc, "SELECT obj_kind, obj_namespace, obj_name, source_path FROM object_sources",
                row -> objectSources.add(sourceKey(row.getString(1), row.getString(2), row.getString(3),
                        row.getString(4))));
        query(jdbc, "SELECT cluster, apply_seq, event_id, applied_at FROM cluster_heads",
                row -> heads.put(row.getString(1), new Head(row.getLong(2), row.getString(3), row.getLong(4))));
        query(jdbc, "SELECT cluster, obj_kind, obj_namespace, obj_name, repository, image, tag, digest, since, "
                + "apply_seq FROM current_placements", row -> placements.computeIfAbsent(row.getString(1),
                        c -> new ArrayList<>()).add(new Placement(row.getString(2), row.getString(3),
                        row.getString(4), row.getString(5), row.getString(6), row.getString(7), row.getString(8),
                        row.getLong(9), row.getLong(10))));
    }

    void clear() {
        clusters.clear();
        objectSources.clear();
        commitEvents.clear();
        heads.clear();
        placements.clear();
        deliveries.clear();
    }

    static String sourceKey(String kind, String namespace, String name, String path) {
        return kind + "|" + namespace + "|" + name + "|" + path;
    }

    private static void query(JdbcClient jdbc, String sql, RowCallbackHandler reader) {
        jdbc.sql(sql).query(reader);
    }
}
