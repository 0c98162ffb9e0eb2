package io.shiplog.auditor.project;

import io.shiplog.auditor.store.DoraDay;
import io.shiplog.auditor.store.DoraDays;
import io.shiplog.auditor.store.OpenDrift;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ApplyFailed;
import io.shiplog.events.ApplyStarted;
import io.shiplog.events.ApplyStatus;
import io.shiplog.events.AuditCompleted;
import io.shiplog.events.Command;
import io.shiplog.events.CommitEvent;
import io.shiplog.events.CommitObserved;
import io.shiplog.events.DriftDetected;
import io.shiplog.events.DriftEvent;
import io.shiplog.events.DriftResolved;
import io.shiplog.events.FieldDrift;
import io.shiplog.events.FileChange;
import io.shiplog.events.ImageEvent;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.events.Meta;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectRef;
import io.shiplog.events.ObjectResult;
import io.shiplog.events.Person;
import io.shiplog.events.ReleaseImage;
import io.shiplog.events.ReplayCluster;
import io.shiplog.events.ResyncCluster;
import io.shiplog.events.RollbackCluster;
import io.shiplog.events.TagDiscovered;
import io.shiplog.events.TagMoved;
import io.shiplog.events.TagRemoved;
import io.shiplog.events.UpdateSkipped;
import io.shiplog.events.WatchlistEvent;
import io.shiplog.schemas.image.ImageReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rows of one projection transaction: each decoded envelope becomes inserts into the tables its queries read,
 * batched per statement; {@link #flush()} sends them and works out the DORA roll-ups of the days of its applies again
 * ({@link DoraDays}) and the open drift ({@link OpenDrift}). The caller stores the offsets and commits in the same
 * transaction, so a crash never counts an event twice. Plain JDBC batches on the caller's connection: see
 * {@link Projection} for why not JdbcClient.
 */
final class ProjectionBatch implements AutoCloseable {

    private static final Map<String, String> SQL = Map.ofEntries(
            Map.entry("image_events", "INSERT INTO image_events (event_id, event_type, repository, registry, tag, "
                    + "digest, previous_digest, source, occurred_at, correlation_id) VALUES (?,?,?,?,?,?,?,?,?,?)"),
            Map.entry("commits", "INSERT INTO commits (event_id, sha, config_repo, branch, by_shiplog, author_name, "
                    + "author_email, committed_at, message, occurred_at, correlation_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)"),
            Map.entry("commit_changes", "INSERT INTO commit_changes (sha, path, obj_kind, obj_namespace, obj_name, "
                    + "field, repository, from_value, to_value, to_tag, to_digest, policy, committed_at) "
                    + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"),
            Map.entry("commit_paths", "INSERT INTO commit_paths (sha, path, committed_at) VALUES (?,?,?)"),
            Map.entry("commit_causes", "INSERT INTO commit_causes (sha, cause_event_id) VALUES (?,?)"),
            Map.entry("applies", "INSERT INTO applies (apply_seq, event_id, event_type, cluster, config_repo, branch, "
                    + "commit_sha, apply_trigger, status, reason, message, started_at, duration_ms, object_count, "
                    + "failed_count, degraded_count, pruned_count, progressing_count, occurred_at, correlation_id, "
                    + "causation_id, deliveries) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
            Map.entry("apply_starts", "INSERT INTO apply_starts (apply_seq, event_id, cluster, config_repo, branch, "
                    + "commit_sha, apply_trigger, object_count, occurred_at, correlation_id, causation_id) "
                    + "VALUES (?,?,?,?,?,?,?,?,?,?,?)"),
            Map.entry("apply_skipped", "INSERT INTO apply_skipped (apply_seq, sha) VALUES (?,?)"),
            Map.entry("apply_results", "INSERT INTO apply_results (apply_seq, event_id, cluster, commit_sha, "
                    + "obj_group, obj_version, obj_kind, obj_namespace, obj_name, action, health, source_path, message, "
                    + "occurred_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
            Map.entry("object_sources", "INSERT INTO object_sources (obj_kind, obj_namespace, obj_name, "
                    + "source_path) VALUES (?,?,?,?)"),
            Map.entry("workload_images", "INSERT INTO workload_images (apply_seq, obj_kind, obj_namespace, obj_name, "
                    + "image, action, health) VALUES (?,?,?,?,?,?,?)"),
            Map.entry("drift", "INSERT INTO drift (event_id, event_type, cluster, drift_kind, obj_kind, "
                    + "obj_namespace, obj_name, commit_sha, field_paths, detected_event_id, detail, occurred_at) "
                    + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"),
            Map.entry("clusters", "INSERT INTO clusters (name, first_seen) VALUES (?,?)"),
            Map.entry("update_skips", "INSERT INTO update_skips (event_id, config_repo, branch, repository, tag, "
                    + "digest, reason, detail, path, policy, occurred_at, correlation_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"),
            Map.entry("commands", "INSERT INTO commands (event_id, command_type, target, requested_by, detail, "
                    + "occurred_at) VALUES (?,?,?,?,?,?)"));

    private final Connection connection;
    private final ProjectionState state;
    private final PlacementTracker placements;
    private final Set<String> newClusters = new HashSet<>();
    private final Set<String> newSources = new HashSet<>();
    private final Set<String> newCommitEvents = new HashSet<>();
    private final List<ReleaseLatency.Released> released = new ArrayList<>();
    /**
     * The clusters' days this batch wrote applies of: their DORA roll-ups are worked out again at flush, or listed as
     * stale for the catch-up while the store is built from offset 0 ({@link StaleDays}).
     */
    private final Set<DoraDays.ClusterDay> days = new LinkedHashSet<>();
    /** The detections and resolutions of this batch in log order: the open drift is updated from them at flush. */
    private final List<OpenDrift.Change> drift = new ArrayList<>();
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>();
    private final boolean rollUpLater;
    private long seq;
    private PreparedApply prepared;
    private int rows;

    /**
     * @param state what the store holds already (clusters, object sources, placements); the batch adds to it only
     *              through {@link #commitTo(ProjectionState)}, once its transaction committed
     */
    ProjectionBatch(Connection connection, ProjectionState state) {
        this(connection, state, false);
    }

    /**
     * @param rollUpLater the store is built from offset 0: the days of the applies are listed as stale for the
     *                    catch-up instead of rolled up in each chunk ({@link StaleDays})
     */
    ProjectionBatch(Connection connection, ProjectionState state, boolean rollUpLater) {
        this.connection = connection;
        this.state = state;
        this.placements = new PlacementTracker(state);
        this.rollUpLater = rollUpLater;
    }

    /** The applies of this batch that delivered a discovered tag to their cluster. */
    List<ReleaseLatency.Released> released() {
        return released;
    }

    /** Makes what this batch wrote known to {@code target} (call after the transaction committed). */
    void commitTo(ProjectionState target) {
        target.clusters.addAll(newClusters);
        target.objectSources.addAll(newSources);
        target.commitEvents.addAll(newCommitEvents);
        placements.commitTo(target);
    }

    private void cluster(String name, long at) throws SQLException {
        if (!state.clusters.contains(name) && newClusters.add(name)) {
            insert("clusters", name, at);
        }
    }

    /**
     * Adds the rows of {@code envelope}.
     *
     * @param seq the record's place in the log ({@link #seq(int, long)}): the key linking an apply's rows
     */
    void add(Object envelope, long seq) throws SQLException {
        add(envelope, seq, null);
    }

    /**
     * Adds the rows of {@code envelope}, with what of them was worked out before.
     *
     * @param prepared the rows of a completed apply that need nothing of the store ({@link PreparedApply}), null when
     *                 they are to be worked out here
     */
    void add(Object envelope, long seq, PreparedApply prepared) throws SQLException {
        this.seq = seq;
        this.prepared = prepared;
        if (envelope instanceof ImageEvent e) {
            image(e.getMeta(), e.getPayload());
        } else if (envelope instanceof CommitEvent e) {
            commit(e.getMeta(), e.getPayload());
        } else if (envelope instanceof ApplyEvent e) {
            apply(e.getMeta(), e.getPayload());
        } else if (envelope instanceof DriftEvent e) {
            drift(e.getMeta(), e.getPayload());
        } else if (envelope instanceof Command e) {
            command(e.getMeta(), e.getPayload());
        } else if (envelope instanceof WatchlistEvent) {
            // the watch list is current state, not history: nothing of it is queried
            return;
        } else {
            throw new IllegalArgumentException("not a Shiplog envelope: " + (envelope == null ? "null"
                    : envelope.getClass().getName()));
        }
    }

    /**
     * A record's place in the log as one ascending number: the partition in the high bits, the offset (below 2^40)
     * in the low ones, so rows keyed by it are appended to their indexes, never inserted at random.
     */
    static long seq(int partition, long offset) {
        return ((long) partition << 40) | offset;
    }

    private void image(Meta meta, Object payload) throws SQLException {
        long at = millis(meta.getOccurredAt());
        if (payload instanceof TagDiscovered t) {
            state.deliveries.image(meta.getEventId(), t.getRepository(), at);
            insert("image_events", meta.getEventId(), "DISCOVERED", t.getRepository(), t.getRegistry(), t.getTag(),
                    t.getDigest(), null, t.getSource().name(), at, meta.getCorrelationId());
        } else if (payload instanceof TagMoved t) {
            state.deliveries.image(meta.getEventId(), t.getRepository(), at);
            insert("image_events", meta.getEventId(), "MOVED", t.getRepository(), t.getRegistry(), t.getTag(),
                    t.getDigest(), t.getPreviousDigest(), t.getSource().name(), at, meta.getCorrelationId());
        } else if (payload instanceof TagRemoved t) {
            state.deliveries.image(meta.getEventId(), t.getRepository(), at);
            insert("image_events", meta.getEventId(), "REMOVED", t.getRepository(), t.getRegistry(), t.getTag(),
                    t.getLastDigest(), null, t.getSource().name(), at, meta.getCorrelationId());
        }
    }

    private void commit(Meta meta, Object payload) throws SQLException {
        if ((payload instanceof ManifestsCommitted || payload instanceof CommitObserved)
                && (state.commitEvents.contains(meta.getEventId()) || !newCommitEvents.add(meta.getEventId()))) {
            return; // published again after a crash (same event id, same commit): counted once
        }
        long at = millis(meta.getOccurredAt());
        if (payload instanceof ManifestsCommitted c) {
            state.deliveries.committed(c);
            insert("commits", meta.getEventId(), c.getSha(), c.getConfigRepo(), c.getBranch(), true,
                    name(c.getAuthor()), email(c.getAuthor()), millis(c.getCommittedAt()), c.getMessage(), at,
                    meta.getCorrelationId());
            for (FileChange change : c.getChanges()) {
                ObjectRef object = change.getObject();
                insert("commit_changes", c.getSha(), change.getPath(), object == null ? null : object.getKind(),
                        object == null ? null : object.getNamespace(), object == null ? null : object.getName(),
                        change.getField(), change.getRepository(), change.getFrom(), change.getTo(),
                        change.getToTag(), change.getToDigest(), change.getPolicy(), millis(c.getCommittedAt()));
            }
            for (String path : c.getChanges().stream().map(FileChange::getPath).distinct().toList()) {
                insert("commit_paths", c.getSha(), path, millis(c.getCommittedAt()));
            }
            for (String cause : c.getCausingEventIds()) {
                insert("commit_causes", c.getSha(), cause);
            }
        } else if (payload instanceof CommitObserved c) {
            state.deliveries.observed(c);
            insert("commits", meta.getEventId(), c.getSha(), c.getConfigRepo(), c.getBranch(), false,
                    name(c.getAuthor()), email(c.getAuthor()), millis(c.getCommittedAt()), c.getMessage(), at,
                    meta.getCorrelationId());
            for (String path : c.getChangedPaths().stream().distinct().toList()) {
                insert("commit_paths", c.getSha(), path, millis(c.getCommittedAt()));
            }
        } else if (payload instanceof UpdateSkipped s) {
            String repository = ImageReference.tryParse(s.getRepository()).map(ImageReference::repository)
                    .orElse(s.getRepository());
            insert("update_skips", meta.getEventId(), s.getConfigRepo(), s.getBranch(), repository, s.getTag(),
                    s.getDigest(), s.getReason().name(), s.getDetail(), s.getPath(), s.getPolicy(), at,
                    meta.getCorrelationId());
        }
    }

    private void apply(Meta meta, Object payload) throws SQLException {
        long at = millis(meta.getOccurredAt());
        if (payload instanceof ApplyStarted s) {
            cluster(s.getCluster(), at);
            insert("apply_starts", seq, meta.getEventId(), s.getCluster(), s.getConfigRepo(), s.getBranch(),
                    s.getCommitSha(), s.getTrigger().name(), s.getObjectCount(), at, meta.getCorrelationId(),
                    meta.getCausationId());
        } else if (payload instanceof ApplyCompleted c) {
            cluster(c.getCluster(), at);
            days.add(new DoraDays.ClusterDay(c.getCluster(), DoraDay.dayOf(at)));
            PreparedApply rows = prepared != null ? prepared : PreparedApply.of(c, at, seq, state.images);
            ApplyTotals totals = rows.totals();
            List<ObjectResult> results = c.getResults();
            for (int i = 0; i < results.size(); i++) {
                result(meta.getEventId(), c.getCluster(), c.getCommitSha(), results.get(i), rows.sourceKeys()[i], at);
            }
            List<String> shas = new ArrayList<>();
            if (c.getCommitSha() != null) {
                shas.add(c.getCommitSha());
            }
            shas.addAll(c.getSkippedCommits());
            insert("applies", seq, meta.getEventId(), "COMPLETED", c.getCluster(), c.getConfigRepo(), c.getBranch(),
                    c.getCommitSha(), c.getTrigger().name(), c.getStatus().name(), null, null,
                    millis(c.getStartedAt()), c.getDurationMs(), totals.objects(), totals.failed(), totals.degraded(),
                    totals.pruned(), totals.progressing(), at, meta.getCorrelationId(), meta.getCausationId(),
                    state.deliveries.deliveries(shas));
            for (String sha : c.getSkippedCommits()) {
                insert("apply_skipped", seq, sha);
            }
            if (c.getStatus() != ApplyStatus.FAILED) {
                placements.applied(c.getCluster(), seq, meta.getEventId(), at, rows.placements(), rows.reported());
                state.deliveries.firstDiscovery(shas).ifPresent(discovered ->
                        released.add(new ReleaseLatency.Released(c.getCluster(), discovered, at)));
            }
        } else if (payload instanceof ApplyFailed f) {
            cluster(f.getCluster(), at);
            days.add(new DoraDays.ClusterDay(f.getCluster(), DoraDay.dayOf(at)));
            insert("applies", seq, meta.getEventId(), "FAILED", f.getCluster(), f.getConfigRepo(), f.getBranch(),
                    f.getCommitSha(), f.getTrigger().name(), null, f.getReason().name(), f.getMessage(), null, null,
                    null, null, null, null, null, at, meta.getCorrelationId(), meta.getCausationId(), null);
        }
    }

    /**
     * One object's result: its source file once ({@code sourceKey}: null when it has none), a row when it is history
     * (pruned or failed), and its workload images unless it was pruned.
     */
    private void result(String eventId, String cluster, String sha, ObjectResult result, String sourceKey, long at)
            throws SQLException {
        ObjectRef o = result.getObject();
        ObjectAction action = result.getAction();
        String health = result.getHealth().name();
        if (action == ObjectAction.PRUNED || action == ObjectAction.FAILED) {
            insert("apply_results", seq, eventId, cluster, sha, o.getGroup(), o.getVersion(), o.getKind(),
                    o.getNamespace(), o.getName(), action.name(), health, result.getSourcePath(), result.getMessage(),
                    at);
        }
        if (sourceKey != null && !state.objectSources.contains(sourceKey) && newSources.add(sourceKey)) {
            insert("object_sources", o.getKind(), o.getNamespace(), o.getName(), result.getSourcePath());
        }
        if (action == ObjectAction.PRUNED) {
            return;
        }
        for (String image : result.getImages()) {
            insert("workload_images", seq, o.getKind(), o.getNamespace(), o.getName(), image, action.name(), health);
        }
    }

    private void drift(Meta meta, Object payload) throws SQLException {
        long at = millis(meta.getOccurredAt());
        if (payload instanceof DriftDetected d) {
            cluster(d.getCluster(), at);
            ObjectRef o = d.getObject();
            String paths = d.getFields().stream().map(FieldDrift::getPath).collect(Collectors.joining(","));
            String detail = d.getCorrectionRequested() ? "correction requested" : null;
            insert("drift", meta.getEventId(), "DETECTED", d.getCluster(), d.getKind().name(), o.getKind(),
                    o.getNamespace(), o.getName(), d.getCommitSha(), paths, null, detail, at);
            drift.add(new OpenDrift.Detected(meta.getEventId(), d.getCluster(), d.getKind().name(), o.getKind(),
                    o.getNamespace(), o.getName(), d.getCommitSha(), paths, detail, at));
        } else if (payload instanceof DriftResolved r) {
            cluster(r.getCluster(), at);
            ObjectRef o = r.getObject();
            insert("drift", meta.getEventId(), "RESOLVED", r.getCluster(), r.getKind().name(), o.getKind(),
                    o.getNamespace(), o.getName(), null, null, r.getDetectedEventId(), null, at);
            drift.add(new OpenDrift.Resolved(r.getCluster(), o.getKind(), o.getNamespace(), o.getName(),
                    r.getDetectedEventId(), at));
        } else if (payload instanceof AuditCompleted a) {
            cluster(a.getCluster(), at);
            insert("drift", meta.getEventId(), "AUDIT_COMPLETED", a.getCluster(), null, null, null, null,
                    a.getCommitSha(), null, null, "checked " + a.getObjectsChecked() + ", in sync " + a.getInSync()
                            + ", modified " + a.getModified() + ", deleted " + a.getDeleted() + ", unmanaged "
                            + a.getUnmanaged() + ", " + a.getDurationMs() + " ms", at);
        }
    }

    private void command(Meta meta, Object payload) throws SQLException {
        long at = millis(meta.getOccurredAt());
        if (payload instanceof ResyncCluster c) {
            insert("commands", meta.getEventId(), "ResyncCluster", c.getCluster(), c.getRequestedBy(),
                    c.getReason(), at);
        } else if (payload instanceof ReleaseImage c) {
            insert("commands", meta.getEventId(), "ReleaseImage", c.getRepository(), c.getRequestedBy(),
                    c.getTag(), at);
        } else if (payload instanceof RollbackCluster c) {
            insert("commands", meta.getEventId(), "RollbackCluster", c.getCluster(), c.getRequestedBy(),
                    !c.getToCommitSha().isEmpty() ? c.getToCommitSha() : c.getToTime() != null
                            ? c.getToTime().toString() : c.getToRelease(), at);
        } else if (payload instanceof ReplayCluster c) {
            insert("commands", meta.getEventId(), "ReplayCluster", c.getCluster(), c.getRequestedBy(),
                    c.getCommitSha() != null ? c.getCommitSha() : c.getAtTime() != null ? c.getAtTime().toString()
                            : null, at);
        }
    }

    private void insert(String table, Object... values) throws SQLException {
        PreparedStatement statement = statements.get(table);
        if (statement == null) {
            statement = connection.prepareStatement(SQL.get(table));
            statements.put(table, statement);
        }
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value == null) {
                statement.setNull(i + 1, Types.NULL);
            } else if (value instanceof Long l) {
                statement.setLong(i + 1, l);
            } else if (value instanceof Integer n) {
                statement.setInt(i + 1, n);
            } else if (value instanceof Boolean b) {
                statement.setBoolean(i + 1, b);
            } else {
                statement.setString(i + 1, value.toString());
            }
        }
        statement.addBatch();
        rows++;
    }

    /** Rows added so far. */
    int rows() {
        return rows;
    }

    /**
     * Sends every batched insert, then works out the DORA roll-ups of the days of the applies written (or lists them
     * as stale while the store is built from offset 0) and the open drift.
     */
    void flush() throws SQLException {
        for (PreparedStatement statement : statements.values()) {
            statement.executeBatch();
        }
        placements.flush(connection);
        if (rollUpLater) {
            StaleDays.mark(connection, days);
        } else {
            DoraDays.refresh(connection, days);
        }
        days.clear();
        OpenDrift.update(connection, drift);
        drift.clear();
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static String name(Person person) {
        return person == null ? null : person.getName();
    }

    private static String email(Person person) {
        return person == null ? null : person.getEmail();
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement statement : statements.values()) {
            statement.close();
        }
    }
}
