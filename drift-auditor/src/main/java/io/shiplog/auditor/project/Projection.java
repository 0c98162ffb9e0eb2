package io.shiplog.auditor.project;

import io.shiplog.auditor.store.AuditStore;
import io.shiplog.auditor.store.BulkIndexes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * The projection's decisions on the store side, without Kafka: the rows of a chunk of events and the positions
 * after them are written in one database transaction, with the DORA roll-ups of the days of its applies worked out
 * again, so a crash at any point neither loses nor double-counts an event (a build from offset 0 writes without the
 * secondary indexes, created once it has caught up: {@link BulkIndexes}, and lists the days of its applies as stale
 * for the deliveries backfill to roll up then: {@link StaleDays}); a chunk the database refuses is written again
 * event by event, and an event whose rows it refuses alone is handed to {@link Refused} (the dead-letter path)
 * before its position is stored. The stored positions are where the projection reads on; what it keeps in memory
 * ({@link ProjectionState}) is read again with them.
 */
final class Projection {

    private static final Logger LOG = LoggerFactory.getLogger(Projection.class);

    /**
     * One record of the log as the projection sees it.
     *
     * @param value    the decoded envelope; null when it could not be decoded (only its position is stored)
     * @param prepared the rows of a completed apply worked out before ({@link PreparedApply}), or null
     */
    record Event(String topic, int partition, long offset, Object value, PreparedApply prepared) {

        /** An event whose rows are all worked out when it is written. */
        Event(String topic, int partition, long offset, Object value) {
            this(topic, partition, offset, value, null);
        }

        TopicPartition position() {
            return new TopicPartition(topic, partition);
        }
    }

    /** Where an event whose rows the store refuses goes; it is there when this returns. */
    @FunctionalInterface
    interface Refused {
        void accept(Event event, Throwable reason);
    }

    private final AuditStore store;
    private final ReleaseLatency releaseLatency;
    private final ProjectionState known = new ProjectionState();
    /**
     * The store is being built from offset 0 (its indexes set aside, also after a restart in between): the DORA days
     * are left to the catch-up. Read again with the stored positions; set and read on one thread at a time.
     */
    private boolean building;

    Projection(AuditStore store, ReleaseLatency releaseLatency) {
        this.store = store;
        this.releaseLatency = releaseLatency;
    }

    /** The parsed workload images the batches look up: {@link PreparedApply} may parse them on another thread. */
    ParsedImages images() {
        return known.images;
    }

    /** Reads what the store holds (clusters, placements, …) and the stored positions: the next offset of each. */
    Map<TopicPartition, Long> storedOffsets() {
        try {
            known.load(store.jdbc());
        } catch (DataAccessException e) {
            known.clear();
            throw new IllegalStateException("cannot read the projected clusters and placements from " + store.url()
                    + ": " + e.getMessage(), e);
        }
        Map<TopicPartition, Long> offsets;
        try {
            offsets = store.jdbc().sql("SELECT topic, part, next_offset FROM projection_offsets")
                    .query((row, n) -> Map.entry(new TopicPartition(row.getString(1), row.getInt(2)), row.getLong(3)))
                    .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        } catch (DataAccessException e) {
            throw new IllegalStateException("cannot read the projection offsets from " + store.url() + ": "
                    + e.getMessage(), e);
        }
        if (offsets.isEmpty()) {
            deferIndexes();
        }
        building = indexesPending();
        return offsets;
    }

    /** Whether indexes set aside for a build from offset 0 wait for the catch-up. */
    private boolean indexesPending() {
        try (Connection connection = store.dataSource().getConnection()) {
            return BulkIndexes.pending(connection) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the deferred indexes of " + store.url() + ": "
                    + e.getMessage(), e);
        }
    }

    /** A build from offset 0: the store's secondary indexes wait until it has caught up ({@link BulkIndexes}). */
    private void deferIndexes() {
        try (Connection connection = store.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            int deferred = BulkIndexes.defer(connection);
            connection.commit();
            if (deferred > 0) {
                LOG.info("audit store {} is built from offset 0: {} indexes are created once it has caught up",
                        store.url(), deferred);
            }
        } catch (SQLException e) {
            LOG.warn("audit store {}: indexes kept during the build from offset 0 ({})", store.url(), e.getMessage());
        }
    }

    /** Creates the indexes set aside for a build from offset 0, if any (the projection has caught up). */
    void restoreIndexes() throws SQLException {
        try (Connection connection = store.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            int restored = BulkIndexes.restore(connection);
            connection.commit();
            building = false;
            if (restored > 0) {
                connection.setAutoCommit(true);
                BulkIndexes.checkpoint(connection);
                LOG.info("audit store {} has caught up: {} indexes created in {} ms", store.url(), restored,
                        (System.nanoTime() - start) / 1_000_000);
            }
        }
    }

    /** Drops everything: an empty store at offset 0. */
    void reset() {
        store.reset();
        known.clear();
    }

    /** Writes {@code chunk} (rows and positions); falls back to one event per transaction when the chunk fails. */
    void write(List<Event> chunk, Refused refused) throws SQLException {
        try {
            write(chunk, false, refused);
        } catch (SQLException e) {
            LOG.warn("audit projection: a batch of {} records failed ({}); projecting them one by one",
                    chunk.size(), e.getMessage());
            for (Event event : chunk) {
                write(List.of(event), true, refused);
            }
        }
    }

    /**
     * Writes the rows of {@code chunk} and its positions in one transaction. Plain JDBC on one connection, not
     * JdbcClient: {@link ProjectionBatch} keeps one prepared statement per table open for the whole chunk and sends
     * its rows as JDBC batches, where JdbcClient would prepare a statement per row (the projection writes up to
     * tens of rows per event, thousands of events per second while rebuilding).
     *
     * @param single one event alone: rows the database refuses send the event to {@code refused} instead
     */
    private void write(List<Event> chunk, boolean single, Refused refused) throws SQLException {
        Map<TopicPartition, Long> offsets = positions(chunk);
        try (Connection connection = store.dataSource().getConnection();
             BulkIndexes.DeferredCheckpoints deferred = building ? BulkIndexes.deferCheckpoints(connection) : null) {
            write(connection, chunk, offsets, single, refused);
        }
    }

    private void write(Connection connection, List<Event> chunk, Map<TopicPartition, Long> offsets, boolean single,
                       Refused refused) throws SQLException {
        connection.setAutoCommit(false);
        try (ProjectionBatch batch = new ProjectionBatch(connection, known, building)) {
            for (Event event : chunk) {
                if (event.value() == null) {
                    continue;
                }
                try {
                    batch.add(event.value(), ProjectionBatch.seq(event.partition(), event.offset()),
                            event.prepared());
                } catch (RuntimeException e) {
                    refused.accept(event, e);
                }
            }
            batch.flush();
            storeOffsets(connection, offsets);
            connection.commit();
            batch.commitTo(known);
            releaseLatency.record(batch.released());
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            if (!single) {
                throw e instanceof SQLException sql ? sql : new SQLException(e.getMessage(), e);
            }
            refused.accept(chunk.get(0), e);
            storeOffsets(connection, offsets);
            connection.commit();
        }
    }

    /**
     * The next offset of each partition of {@code chunk}: a partition's records come in runs (a fetch returns them
     * together), so a position is made once per run, not per record.
     */
    static Map<TopicPartition, Long> positions(List<Event> chunk) {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        Event run = null;
        for (Event event : chunk) {
            if (run != null && (run.partition() != event.partition() || !run.topic().equals(event.topic()))) {
                offsets.put(run.position(), run.offset() + 1);
            }
            run = event;
        }
        if (run != null) {
            offsets.put(run.position(), run.offset() + 1);
        }
        return offsets;
    }

    private static void storeOffsets(Connection connection, Map<TopicPartition, Long> offsets) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE projection_offsets SET next_offset = ? WHERE topic = ? AND part = ?");
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO projection_offsets (topic, part, next_offset) VALUES (?, ?, ?)")) {
            for (Map.Entry<TopicPartition, Long> offset : offsets.entrySet()) {
                update.setLong(1, offset.getValue());
                update.setString(2, offset.getKey().topic());
                update.setInt(3, offset.getKey().partition());
                if (update.executeUpdate() == 0) {
                    insert.setString(1, offset.getKey().topic());
                    insert.setInt(2, offset.getKey().partition());
                    insert.setLong(3, offset.getValue());
                    insert.executeUpdate();
                }
            }
        }
    }
}
