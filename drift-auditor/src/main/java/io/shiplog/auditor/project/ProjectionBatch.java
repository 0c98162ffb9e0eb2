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
import java.util.LinkedHashSet;
import java.util.List;
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
    /** The open insert of each table by ordinal, and those opened in the order they were first used. */
    private final PreparedStatement[] statements = new PreparedStatement[Inserts.values().length];
    private final List<PreparedStatement> opened = new ArrayList<>();
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
            insert(Inserts.CLUSTERS, name, at);
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
            insert(Inserts.IMAGE_EVENTS, meta.getEventId(), "DISCOVERED", t.getRepository(), t.getRegistry(), t.getTag(),
                    t.getDigest(), null, t.getSource().name(), at, meta.getCorrelationId());
        } else if (payload instanceof TagMoved t) {
            state.deliveries.image(meta.getEventId(), t.getRepository(), at);
            insert(Inserts.IMAGE_EVENTS, meta.getEventId(), "MOVED", t.getRepository(), t.getRegistry(), t.getTag(),
                    t.getDigest(), t.getPreviousDigest(), t.getSource().name(), at, meta.getCorrelationId());
        } else if (payload instanceof TagRemoved t) {
            state.deliveries.image(meta.getEventId(), t.getRepository(), at);
            insert(Inserts.IMAGE_EVENTS, meta.getEventId(), "REMOVED", t.getRepository(), t.getRegistry(), t.getTag(),
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
            insert(Inserts.COMMITS, meta.getEventId(), c.getSha(), c.getConfigRepo(), c.getBranch(), true,
                    name(c.getAuthor()), email(c.getAuthor()), millis(c.getCommittedAt()), c.getMessage(), at,
                    meta.getCorrelationId());
            for (FileChange change : c.getChanges()) {
                ObjectRef object = change.getObject();
                insert(Inserts.COMMIT_CHANGES, c.getSha(), change.getPath(), object == null ? null : object.getKind(),
                        object == null ? null : object.getNamespace(), object == null ? null : object.getName(),
                        change.getField(), change.getRepository(), change.getFrom(), change.getTo(),
                        change.getToTag(), change.getToDigest(), change.getPolicy(), millis(c.getCommittedAt()));
            }
            for (String path : c.getChanges().stream().map(FileChange::getPath).distinct().toList()) {
                insert(Inserts.COMMIT_PATHS, c.getSha(), path, millis(c.getCommittedAt()));
            }
            for (String cause : c.getCausingEventIds()) {
                insert(Inserts.COMMIT_CAUSES, c.getSha(), cause);
            }
        } else if (payload instanceof CommitObserved c) {
            state.deliveries.observed(c);
            insert(Inserts.COMMITS, meta.getEventId(), c.getSha(), c.getConfigRepo(), c.getBranch(), false,
                    name(c.getAuthor()), email(c.getAuthor()), millis(c.getCommittedAt()), c.getMessage(), at,
                    meta.getCorrelationId());
            for (String path : c.getChangedPaths().stream().distinct().toList()) {
                insert(Inserts.COMMIT_PATHS, c.getSha(), path, millis(c.getCommittedAt()));
            }
        } else if (payload instanceof UpdateSkipped s) {
            String repository = ImageReference.tryParse(s.getRepository()).map(ImageReference::repository)
                    .orElse(s.getRepository());
            insert(Inserts.UPDATE_SKIPS, meta.getEventId(), s.getConfigRepo(), s.getBranch(), repository, s.getTag(),
                    s.getDigest(), s.getReason().name(), s.getDetail(), s.getPath(), s.getPolicy(), at,
                    meta.getCorrelationId());
        }
    }

    private void apply(Meta meta, Object payload) throws SQLException {
        long at = millis(meta.getOccurredAt());
        if (payload instanceof ApplyStarted s) {
            cluster(s.getCluster(), at);
            insert(Inserts.APPLY_STARTS, seq, meta.getEventId(), s.getCluster(), s.getConfigRepo(), s.getBranch(),
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
            insert(Inserts.APPLIES, seq, meta.getEventId(), "COMPLETED", c.getCluster(), c.getConfigRepo(), c.getBranch(),
                    c.getCommitSha(), c.getTrigger().name(), c.getStatus().name(), null, null,
                    millis(c.getStartedAt()), c.getDurationMs(), totals.objects(), totals.failed(), totals.degraded(),
                    totals.pruned(), totals.progressing(), at, meta.getCorrelationId(), meta.getCausationId(),
                    state.deliveries.deliveries(shas));
            for (String sha : c.getSkippedCommits()) {
                insert(Inserts.APPLY_SKIPPED, seq, sha);
            }
            if (c.getStatus() != ApplyStatus.FAILED) {
                placements.applied(c.getCluster(), seq, meta.getEventId(), at, rows.placements(), rows.reported());
                state.deliveries.firstDiscovery(shas).ifPresent(discovered ->
                        released.add(new ReleaseLatency.Released(c.getCluster(), discovered, at)));
            }
        } else if (payload instanceof ApplyFailed f) {
            cluster(f.getCluster(), at);
            days.add(new DoraDays.ClusterDay(f.getCluster(), DoraDay.dayOf(at)));
            insert(Inserts.APPLIES, seq, meta.getEventId(), "FAILED", f.getCluster(), f.getConfigRepo(), f.getBranch(),
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
            insert(Inserts.APPLY_RESULTS, seq, eventId, cluster, sha, o.getGroup(), o.getVersion(), o.getKind(),
                    o.getNamespace(), o.getName(), action.name(), health, result.getSourcePath(), result.getMessage(),
                    at);
        }
        if (sourceKey != null && !state.objectSources.contains(sourceKey) && newSources.add(sourceKey)) {
            insert(Inserts.OBJECT_SOURCES, o.getKind(), o.getNamespace(), o.getName(), result.getSourcePath());
        }
        if (action == ObjectAction.PRUNED) {
            return;
        }
        for (String image : result.getImages()) {
            insert(Inserts.WORKLOAD_IMAGES, seq, o.getKind(), o.getNamespace(), o.getName(), image, action.name(), health);
        }
    }

    private void drift(Meta meta, Object payload) throws SQLException {
        long at = millis(meta.getOccurredAt());
        if (payload instanceof DriftDetected d) {
            cluster(d.getCluster(), at);
            ObjectRef o = d.getObject();
            String paths = d.getFields().stream().map(FieldDrift::getPath).collect(Collectors.joining(","));
            String detail = d.getCorrectionRequested() ? "correction requested" : null;
            insert(Inserts.DRIFT, meta.getEventId(), "DETECTED", d.getCluster(), d.getKind().name(), o.getKind(),
                    o.getNamespace(), o.getName(), d.getCommitSha(), paths, null, detail, at);
            drift.add(new OpenDrift.Detected(meta.getEventId(), d.getCluster(), d.getKind().name(), o.getKind(),
                    o.getNamespace(), o.getName(), d.getCommitSha(), paths, detail, at));
        } else if (payload instanceof DriftResolved r) {
            cluster(r.getCluster(), at);
            ObjectRef o = r.getObject();
            insert(Inserts.DRIFT, meta.getEventId(), "RESOLVED", r.getCluster(), r.getKind().name(), o.getKind(),
                    o.getNamespace(), o.getName(), null, null, r.getDetectedEventId(), null, at);
            drift.add(new OpenDrift.Resolved(r.getCluster(), o.getKind(), o.getNamespace(), o.getName(),
                    r.getDetectedEventId(), at));
        } else if (payload instanceof AuditCompleted a) {
            cluster(a.getCluster(), at);
            insert(Inserts.DRIFT, meta.getEventId(), "AUDIT_COMPLETED", a.getCluster(), null, null, null, null,
                    a.getCommitSha(), null, null, "checked " + a.getObjectsChecked() + ", in sync " + a.getInSync()
                            + ", modified " + a.getModified() + ", deleted " + a.getDeleted() + ", unmanaged "
                            + a.getUnmanaged() + ", " + a.getDurationMs() + " ms", at);
        }
    }

    private void command(Meta meta, Object payload) throws SQLException {
        long at = millis(meta.getOccurredAt());
        if (payload instanceof ResyncCluster c) {
            insert(Inserts.COMMANDS, meta.getEventId(), "ResyncCluster", c.getCluster(), c.getRequestedBy(),
                    c.getReason(), at);
        } else if (payload instanceof ReleaseImage c) {
            insert(Inserts.COMMANDS, meta.getEventId(), "ReleaseImage", c.getRepository(), c.getRequestedBy(),
                    c.getTag(), at);
        } else if (payload instanceof RollbackCluster c) {
            insert(Inserts.COMMANDS, meta.getEventId(), "RollbackCluster", c.getCluster(), c.getRequestedBy(),
                    !c.getToCommitSha().isEmpty() ? c.getToCommitSha() : c.getToTime() != null
                            ? c.getToTime().toString() : c.getToRelease(), at);
        } else if (payload instanceof ReplayCluster c) {
            insert(Inserts.COMMANDS, meta.getEventId(), "ReplayCluster", c.getCluster(), c.getRequestedBy(),
                    c.getCommitSha() != null ? c.getCommitSha() : c.getAtTime() != null ? c.getAtTime().toString()
                            : null, at);
        }
    }

    private void insert(Inserts table, Object... values) throws SQLException {
        PreparedStatement statement = statements[table.ordinal()];
        if (statement == null) {
            statement = connection.prepareStatement(table.sql);
            statements[table.ordinal()] = statement;
            opened.add(statement);
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
        for (PreparedStatement statement : opened) {
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
        for (PreparedStatement statement : opened) {
            statement.close();
        }
    }
}
