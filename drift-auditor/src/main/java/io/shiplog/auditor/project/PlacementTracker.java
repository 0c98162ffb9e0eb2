package io.shiplog.auditor.project;

import io.shiplog.auditor.project.ProjectionState.Head;
import io.shiplog.auditor.project.ProjectionState.Placement;
import io.shiplog.auditor.project.ProjectionState.WorkloadImage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps {@code cluster_heads} and {@code current_placements} (what runs where now) during one projection batch:
 * a completed apply that did not wholly fail and is newer than its cluster's current one becomes the head, and its
 * workload images the placements; an image the same workload already ran keeps its {@code since}. Changes are kept
 * per cluster and written once at {@link #flush()}; {@link #commitTo(ProjectionState)} after the transaction.
 */
final class PlacementTracker {

    private final ProjectionState state;
    private final Map<String, Head> heads = new LinkedHashMap<>();
    private final Map<String, List<Placement>> placements = new HashMap<>();

    PlacementTracker(ProjectionState state) {
        this.state = state;
    }

    /**
     * A completed apply of {@code cluster} with the workload images in {@code images} (their {@code since} is the
     * apply's time); ignored when the cluster's current apply is newer. An apply too large to report every object
     * names only some: {@code reported} are the workloads it names, and the others keep their placements.
     *
     * @param reported null when the apply reported every object
     */
    void applied(String cluster, long seq, String eventId, long at, List<Placement> images, Set<String> reported) {
        Head current = heads.containsKey(cluster) ? heads.get(cluster) : state.heads.get(cluster);
        if (current != null && !current.olderThan(at, eventId)) {
            return;
        }
        List<Placement> previous = placements.containsKey(cluster) ? placements.get(cluster)
                : state.placements.getOrDefault(cluster, List.of());
        Map<WorkloadImage, Long> since = new HashMap<>();
        for (Placement p : previous) {
            since.merge(p.workloadImage(), p.since(), Math::min);
        }
        List<Placement> next = new ArrayList<>(images.size());
        for (Placement p : images) {
            long from = since.isEmpty() ? at : since.getOrDefault(p.workloadImage(), at);
            next.add(from == p.since() && seq == p.seq() ? p : new Placement(p.kind(), p.namespace(), p.name(),
                    p.repository(), p.image(), p.tag(), p.digest(), from, seq));
        }
        if (reported != null) {
            previous.stream().filter(p -> !reported.contains(workload(p.kind(), p.namespace(), p.name())))
                    .forEach(next::add);
        }
        heads.put(cluster, new Head(seq, eventId, at));
        placements.put(cluster, next);
    }

    static String workload(String kind, String namespace, String name) {
        return kind + "|" + namespace + "|" + name;
    }

    /** Writes the new heads and placements of every changed cluster. */
    void flush(Connection connection) throws SQLException {
        if (heads.isEmpty()) {
            return;
        }
        try (PreparedStatement deleteHead = connection.prepareStatement("DELETE FROM cluster_heads WHERE cluster = ?");
             PreparedStatement deletePlacements = connection.prepareStatement(
                     "DELETE FROM current_placements WHERE cluster = ?");
             PreparedStatement insertHead = connection.prepareStatement(
                     "INSERT INTO cluster_heads (cluster, apply_seq, event_id, applied_at) VALUES (?,?,?,?)");
             PreparedStatement insertPlacement = connection.prepareStatement("INSERT INTO current_placements "
                     + "(cluster, obj_kind, obj_namespace, obj_name, repository, image, tag, digest, since, apply_seq) "
                     + "VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            for (Map.Entry<String, Head> head : heads.entrySet()) {
                String cluster = head.getKey();
                deleteHead.setString(1, cluster);
                deleteHead.addBatch();
                deletePlacements.setString(1, cluster);
                deletePlacements.addBatch();
                insertHead.setString(1, cluster);
                insertHead.setLong(2, head.getValue().seq());
                insertHead.setString(3, head.getValue().eventId());
                insertHead.setLong(4, head.getValue().at());
                insertHead.addBatch();
                for (Placement p : placements.get(cluster)) {
                    insertPlacement.setString(1, cluster);
                    insertPlacement.setString(2, p.kind());
                    string(insertPlacement, 3, p.namespace());
                    insertPlacement.setString(4, p.name());
                    insertPlacement.setString(5, p.repository());
                    insertPlacement.setString(6, p.image());
                    string(insertPlacement, 7, p.tag());
                    string(insertPlacement, 8, p.digest());
                    insertPlacement.setLong(9, p.since());
                    insertPlacement.setLong(10, p.seq());
                    insertPlacement.addBatch();
                }
            }
            deleteHead.executeBatch();
            deletePlacements.executeBatch();
            insertHead.executeBatch();
            insertPlacement.executeBatch();
        }
    }

    /** Makes this batch's heads and placements the known ones (after its transaction committed). */
    void commitTo(ProjectionState target) {
        target.heads.putAll(heads);
        target.placements.putAll(placements);
    }

    private static void string(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
