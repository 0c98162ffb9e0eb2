package io.shiplog.auditor.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * The open drift of the fleet in {@code open_drift}: each detection that no resolution closes, one of the same object
 * on its cluster or one naming it, at the same time or later. The projection {@link #update updates} it from the
 * drift events it writes, in their transaction and after their rows: a detection enters unless a resolution in the
 * drift table already closes it (an event read out of time order), a resolution removes what it closes; so the
 * table does not depend on the order the events are read in.
 */
public final class OpenDrift {

    /** The object columns compared null-safely (an object without a namespace matches only one without). */
    private static final String SAME_OBJECT = "(obj_kind = ? OR (obj_kind IS NULL AND CAST(? AS VARCHAR) IS NULL)) "
            + "AND (obj_namespace = ? OR (obj_namespace IS NULL AND CAST(? AS VARCHAR) IS NULL)) "
            + "AND (obj_name = ? OR (obj_name IS NULL AND CAST(? AS VARCHAR) IS NULL))";

    /** A drift event of the log as the open drift sees it. */
    public sealed interface Change {
    }

    /** A detection of {@code kind/namespace/name} on {@code cluster}. */
    public record Detected(String eventId, String cluster, String driftKind, String kind, String namespace,
                           String name, String commitSha, String fieldPaths, String detail, long at) implements Change {
    }

    /** A resolution of the object on {@code cluster}, naming {@code detectedId} (may be null). */
    public record Resolved(String cluster, String kind, String namespace, String name, String detectedId, long at)
            implements Change {
    }

    private OpenDrift() {
    }

    /**
     * Applies {@code changes} (in log order) to the open drift, on the caller's connection and in its transaction;
     * the drift rows of the changes must be written already.
     */
    public static void update(Connection connection, List<Change> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO open_drift (event_id, cluster, "
                + "drift_kind, obj_kind, obj_namespace, obj_name, commit_sha, field_paths, detail, occurred_at) "
                + "SELECT ?,?,?,?,?,?,?,?,?,? WHERE NOT EXISTS (SELECT 1 FROM drift WHERE cluster = ? "
                + "AND event_type = 'RESOLVED' AND occurred_at >= ? AND (detected_event_id = ? OR (" + SAME_OBJECT
                + ")))");
             PreparedStatement closeObject = connection.prepareStatement("DELETE FROM open_drift WHERE cluster = ? "
                     + "AND occurred_at <= ? AND " + SAME_OBJECT);
             PreparedStatement closeNamed = connection.prepareStatement(
                     "DELETE FROM open_drift WHERE event_id = ? AND occurred_at <= ?")) {
            for (Change change : changes) {
                if (change instanceof Detected d) {
                    insert.setString(1, d.eventId());
                    insert.setString(2, d.cluster());
                    string(insert, 3, d.driftKind());
                    string(insert, 4, d.kind());
                    string(insert, 5, d.namespace());
                    string(insert, 6, d.name());
                    string(insert, 7, d.commitSha());
                    string(insert, 8, d.fieldPaths());
                    string(insert, 9, d.detail());
                    insert.setLong(10, d.at());
                    insert.setString(11, d.cluster());
                    insert.setLong(12, d.at());
                    insert.setString(13, d.eventId());
                    object(insert, 14, d.kind(), d.namespace(), d.name());
                    insert.executeUpdate();
                } else if (change instanceof Resolved r) {
                    closeObject.setString(1, r.cluster());
                    closeObject.setLong(2, r.at());
                    object(closeObject, 3, r.kind(), r.namespace(), r.name());
                    closeObject.executeUpdate();
                    if (r.detectedId() != null) {
                        closeNamed.setString(1, r.detectedId());
                        closeNamed.setLong(2, r.at());
                        closeNamed.executeUpdate();
                    }
                }
            }
        }
    }

    /** The six parameters of {@link #SAME_OBJECT} from {@code first} on. */
    private static void object(PreparedStatement statement, int first, String kind, String namespace, String name)
            throws SQLException {
        String[] values = {kind, namespace, name};
        for (int i = 0; i < values.length; i++) {
            string(statement, first + 2 * i, values[i]);
            string(statement, first + 2 * i + 1, values[i]);
        }
    }

    private static void string(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
