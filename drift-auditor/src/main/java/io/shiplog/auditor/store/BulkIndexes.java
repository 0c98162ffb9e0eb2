package io.shiplog.auditor.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The secondary indexes of an embedded (SQLite) store set aside while it is built from offset 0: inserting a million
 * events into some thirty indexes of random keys (event ids, shas, digests) costs more than building each index once
 * from the finished table. {@link #defer} drops them and records their definitions in {@code deferred_indexes} in the
 * same transaction; {@link #restore} creates them again (the projection does when it first catches up, before the
 * deliveries backfill and any query of a {@code LIVE} store). A crash in between leaves the definitions recorded, so
 * the next catch-up restores them. The indexes the projection reads while it writes stay: the applies' cluster index
 * (for the DORA roll-ups) and the drift's (for the open drift, {@link OpenDrift}). Other databases keep their indexes.
 */
public final class BulkIndexes {

    /**
     * Read while projecting: the DORA roll-ups read each written day's applies from the first, the open drift looks
     * up the later resolutions of each detection in the second.
     */
    private static final Set<String> KEPT = Set.of("applies_cluster_time", "drift_cluster_type_time");

    /**
     * WAL pages after which a commit of the build from offset 0 checkpoints (1 GiB of 4 KiB pages): the chunks are
     * appended to the WAL only, not copied into the database file again at every commit, and the WAL stays bounded.
     */
    private static final int BUILD_CHECKPOINT_PAGES = 262_144;
    /** SQLite's own default, for every other commit. */
    private static final int DEFAULT_CHECKPOINT_PAGES = 1000;

    private BulkIndexes() {
    }

    /** Checkpoints deferred on one connection until {@link #close()}. */
    public interface DeferredCheckpoints extends AutoCloseable {

        /** Sets SQLite's default again: the connection goes back to the pool as it came. */
        @Override
        void close() throws SQLException;
    }

    /**
     * Defers the WAL checkpoints of {@code connection}'s commits (SQLite's) to every 1 GiB of WAL until the returned
     * object is closed. The WAL keeps every commit all the same, so a crash loses nothing committed.
     */
    public static DeferredCheckpoints deferCheckpoints(Connection connection) throws SQLException {
        checkpointEvery(connection, BUILD_CHECKPOINT_PAGES);
        return () -> checkpointEvery(connection, DEFAULT_CHECKPOINT_PAGES);
    }

    /** After how many WAL pages a commit on {@code connection} checkpoints (kept by the connection until set again). */
    private static void checkpointEvery(Connection connection, int pages) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_autocheckpoint = " + pages);
        }
    }

    /** Copies the WAL into the database file and empties it (after the build): the store's WAL shrinks again. */
    public static void checkpoint(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    /** Sets the secondary indexes aside on a SQLite store; the number set aside (0 on other databases). */
    public static int defer(Connection connection) throws SQLException {
        if (!connection.getMetaData().getURL().startsWith("jdbc:sqlite:")) {
            return 0;
        }
        List<String[]> indexes = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")) {
            while (rows.next()) {
                if (!KEPT.contains(rows.getString(1))) {
                    indexes.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
        }
        try (PreparedStatement record = connection.prepareStatement(
                "INSERT INTO deferred_indexes (name, definition) VALUES (?, ?)");
             Statement drop = connection.createStatement()) {
            for (String[] index : indexes) {
                record.setString(1, index[0]);
                record.setString(2, index[1]);
                record.executeUpdate();
                drop.executeUpdate("DROP INDEX " + index[0]);
            }
        }
        return indexes.size();
    }

    /** The number of indexes set aside and not created again yet: more than 0 while a build from offset 0 runs. */
    public static int pending(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM deferred_indexes")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    /** Creates the indexes set aside again; the number created. */
    public static int restore(Connection connection) throws SQLException {
        List<String[]> indexes = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name, definition FROM deferred_indexes")) {
            while (rows.next()) {
                indexes.add(new String[] {rows.getString(1), rows.getString(2)});
            }
        }
        try (PreparedStatement forget = connection.prepareStatement("DELETE FROM deferred_indexes WHERE name = ?");
             Statement create = connection.createStatement()) {
            for (String[] index : indexes) {
                create.executeUpdate(index[1]);
                forget.setString(1, index[0]);
                forget.executeUpdate();
            }
        }
        return indexes.size();
    }
}
