package io.shiplog.auditor.project;

import io.shiplog.auditor.store.AuditStore;
import io.shiplog.auditor.store.CommitDeliveries;
import io.shiplog.auditor.store.Deliveries;
import io.shiplog.auditor.store.DoraDays;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.TransactionException;

/**
 * Fills {@code applies.deliveries} for the completed commit applies the projection could not work out when it wrote
 * them (their commit was read after them: the topics' partitions are not read in time order), with what
 * {@link CommitDeliveries} reads from the commit tables, so the DORA query does not join those tables per query.
 * Runs on the projection thread: a full pass when the lag first reaches 0 (after start-up or a rebuild; then
 * {@link #done()}), and again when the projection is idle after projecting more, at most every
 * {@value #IDLE_PASS_SECONDS} s. A pass reads {@value #BATCH} rows at a time in key order, one transaction each. An
 * apply whose commit or causing image event is not in the store yet is left {@code NULL} (a later pass fills it),
 * so a commit projected after its apply is still counted. Each pass then rolls up the stale days of the DORA
 * roll-ups ({@link DoraDays}), among them those whose deliveries it filled.
 */
final class DeliveryBackfill {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryBackfill.class);
    static final int BATCH = 500;
    static final int DAYS_BATCH = 200;
    static final long IDLE_PASS_SECONDS = 5;

    private final AuditStore store;
    /** The updates of a batch, sent at once (JdbcClient has no batches); in the transaction of the pass's step. */
    private final JdbcTemplate batches;
    private final Clock clock;
    private final BooleanSupplier keepGoing;
    private volatile boolean done;
    /** Records projected when the last pass started; -1: none yet since start-up or the rebuild. */
    private long projectedAtLastPass = -1;
    private Instant lastPass = Instant.MIN;

    /** @param keepGoing false once the projection stops or a rebuild is asked for: a running pass ends early */
    DeliveryBackfill(AuditStore store, Clock clock, BooleanSupplier keepGoing) {
        this.store = store;
        this.batches = new JdbcTemplate(store.dataSource());
        this.clock = clock;
        this.keepGoing = keepGoing;
    }

    /** The first pass after start-up or the last rebuild has finished. */
    boolean done() {
        return done;
    }

    /** A rebuild started: the next time the lag reaches 0 is a first time again. */
    void reset() {
        done = false;
        projectedAtLastPass = -1;
        lastPass = Instant.MIN;
    }

    /**
     * After each poll of the projection.
     *
     * @param lag       records still to read
     * @param idle      the poll returned nothing
     * @param projected records projected so far
     */
    void afterPoll(long lag, boolean idle, long projected) {
        if (lag != 0) {
            return;
        }
        Instant now = clock.instant();
        if (done && (!idle || projected == projectedAtLastPass
                || now.isBefore(lastPass.plusSeconds(IDLE_PASS_SECONDS)))) {
            return;
        }
        projectedAtLastPass = projected;
        lastPass = now;
        try {
            int[] counts = pass();
            int days = rollUpStaleDays();
            if (!done && keepGoing.getAsBoolean()) {
                done = true;
                LOG.info("audit deliveries backfill done: {} applies filled, {} waiting for their commits, {} days "
                        + "of DORA roll-ups worked out, in {} ms", counts[0], counts[1], days,
                        Duration.between(now, clock.instant()).toMillis());
            }
        } catch (DataAccessException | TransactionException e) {
            LOG.warn("audit deliveries backfill failed, retrying when the projection is idle: {}", e.getMessage());
        }
    }

    /** One pass over every row still {@code NULL}; the rows filled and those left for a later pass. */
    private int[] pass() {
        int[] counts = new int[2];
        long after = -1;
        while (keepGoing.getAsBoolean()) {
            long from = after;
            List<Long> seqs = store.transactions().execute(status -> fill(from, counts));
            if (seqs.size() < BATCH) {
                break;
            }
            after = seqs.get(seqs.size() - 1);
        }
        return counts;
    }

    /**
     * Works out the DORA roll-ups of the stale days again ({@link DoraDays}: those of an upgraded store, and those
     * whose deliveries were not known), {@value #DAYS_BATCH} days per transaction; the days done. A day whose
     * deliveries are still not all known stays stale.
     */
    private int rollUpStaleDays() {
        List<DoraDays.ClusterDay> stale = DoraDays.stale(store.jdbc());
        int done = 0;
        for (int i = 0; i < stale.size() && keepGoing.getAsBoolean(); i += DAYS_BATCH) {
            List<DoraDays.ClusterDay> chunk = stale.subList(i, Math.min(stale.size(), i + DAYS_BATCH));
            store.transactions().executeWithoutResult(status -> {
                try {
                    DoraDays.refresh(DataSourceUtils.getConnection(store.dataSource()), chunk);
                } catch (SQLException e) {
                    throw new UncategorizedSQLException("DORA roll-ups of " + chunk.size() + " days", null, e);
                }
            });
            done += chunk.size();
        }
        return done;
    }

    /** Fills the next {@value #BATCH} rows still {@code NULL} after {@code after}; returns their keys. */
    private List<Long> fill(long after, int[] counts) {
        record Pending(long seq, String sha) {
        }
        // "event_type || ''": not the (event_type, occurred_at) index, which a planner without statistics (SQLite)
        // prefers and then sorts every COMPLETED apply per batch; the key's index reads each row once per pass
        List<Pending> pending = store.jdbc().sql("SELECT apply_seq, commit_sha FROM applies "
                + "WHERE event_type || '' = 'COMPLETED' AND apply_trigger = 'COMMIT' AND deliveries IS NULL "
                + "AND apply_seq > ? ORDER BY apply_seq LIMIT " + BATCH).param(after)
                .query((row, n) -> new Pending(row.getLong(1), row.getString(2))).list();
        Map<Long, String> commits = new LinkedHashMap<>();
        pending.forEach(p -> commits.put(p.seq(), p.sha()));
        Map<Long, CommitDeliveries.Delivery> read = CommitDeliveries.read(store.jdbc(), commits);
        List<Object[]> updates = new ArrayList<>();
        for (Long seq : commits.keySet()) {
            CommitDeliveries.Delivery delivery = read.get(seq);
            if (delivery.complete()) {
                updates.add(new Object[] {Deliveries.encode(delivery.applications()), seq});
            } else {
                counts[1]++;
            }
        }
        if (!updates.isEmpty()) {
            batches.batchUpdate("UPDATE applies SET deliveries = ? WHERE apply_seq = ? AND deliveries IS NULL",
                    updates);
        }
        counts[0] += updates.size();
        return List.copyOf(commits.keySet());
    }
}
