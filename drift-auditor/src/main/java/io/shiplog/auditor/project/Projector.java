package io.shiplog.auditor.project;

import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.auditor.store.AuditStore;
import io.shiplog.schemas.event.DeadLetterPublisher;
import io.shiplog.schemas.serde.AvroRecordDecoder;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Projects every Shiplog topic into the audit store, from offset 0, on its own thread. Partitions are assigned by
 * hand and sought to the offsets stored in the store; each poll's rows and the new offsets are written in one
 * database transaction, so a crash at any point neither loses nor double-counts an event. An undecodable record goes
 * to {@code shiplog.dlq} and the projection goes on; fields of newer schema versions are dropped and counted.
 */
public final class Projector implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(Projector.class);
    private static final Duration DLQ_TIMEOUT = Duration.ofSeconds(30);
    /** The topics projected: every topic of the release log except the DLQ itself. */
    static final List<TopicSpec> TOPICS = List.of(TopicCatalogue.WATCHLIST, TopicCatalogue.IMAGES,
            TopicCatalogue.COMMITS, TopicCatalogue.APPLIES, TopicCatalogue.DRIFT, TopicCatalogue.COMMANDS);

    private final AuditStore store;
    private final Consumer<byte[], byte[]> consumer;
    private final AvroRecordDecoder decoder;
    private final FutureFieldCounter futureFields;
    private final DeadLetterPublisher deadLetters;
    private final ProjectionProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Thread thread;
    private final AtomicLong projected = new AtomicLong();
    private final AtomicLong futureFieldCount = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile boolean running;
    private volatile boolean rebuildRequested;
    private volatile String state = "STARTING";
    private volatile long lag = -1;
    private volatile Instant since;
    private volatile long rebuilds;
    private List<TopicPartition> partitions = List.of();
    private final ProjectionState known = new ProjectionState();
    private final DeliveryBackfill backfill;

    public Projector(AuditStore store, Consumer<byte[], byte[]> consumer, AvroRecordDecoder decoder,
                     FutureFieldCounter futureFields, DeadLetterPublisher deadLetters,
                     ProjectionProperties properties, MeterRegistry meters, Clock clock) {
        this.store = store;
        this.consumer = consumer;
        this.decoder = decoder;
        this.futureFields = futureFields;
        this.deadLetters = deadLetters;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
        this.since = clock.instant();
        this.backfill = new DeliveryBackfill(store, clock, () -> running && !rebuildRequested);
        this.thread = new Thread(this::run, "audit-projection");
        this.thread.setDaemon(true);
        meters.gauge("shiplog.audit.projection.lag", this, p -> Math.max(0, p.lag));
    }

    /** Drops the store and projects again from offset 0; returns at once ({@link #status()} shows the progress). */
    public void rebuild() {
        rebuildRequested = true;
        state = "REBUILDING";
        consumer.wakeup();
    }

    public ProjectionStatus status() {
        Instant start = since;
        double seconds = Math.max(0.001, Duration.between(start, clock.instant()).toMillis() / 1000.0);
        long count = projected.get();
        return new ProjectionStatus(state, count, Math.max(0, lag), Math.round(count / seconds * 10) / 10.0,
                futureFieldCount.get(), deadLettered.get(), start, rebuilds, backfill.done());
    }

    private void run() {
        try {
            partitions = partitions();
            consumer.assign(partitions);
            seekToStoredOffsets();
            LOG.info("audit projection follows {} partitions of {} into {}", partitions.size(),
                    TOPICS.stream().map(TopicSpec::name).toList(), store.url());
            state = "CATCHING_UP";
            while (running) {
                try {
                    if (rebuildRequested) {
                        startRebuild();
                    }
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(properties.pollTimeout());
                    if (!records.isEmpty()) {
                        project(records);
                    }
                    updateLag();
                    backfill.afterPoll(lag, records.isEmpty(), projected.get());
                } catch (WakeupException e) {
                    // a rebuild or a stop: the loop looks again
                } catch (InterruptException e) {
                    break;
                } catch (SQLException | RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    LOG.error("audit projection failed, retrying from the stored offsets in 1 s: {}", e.toString(), e);
                    pause();
                    seekToStoredOffsets();
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("audit projection stopped: {}", e.toString(), e);
                state = "FAILED";
            }
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("audit projection consumer close: {}", e.toString());
            }
        }
    }

    private List<TopicPartition> partitions() {
        List<TopicPartition> all = new ArrayList<>();
        for (TopicSpec topic : TOPICS) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(60));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic.name() + " has no partitions (is it provisioned?)");
            }
            infos.forEach(info -> all.add(new TopicPartition(info.topic(), info.partition())));
        }
        return List.copyOf(all);
    }

    private void startRebuild() throws SQLException {
        rebuildRequested = false;
        store.reset();
        known.clear();
        backfill.reset();
        projected.set(0);
        futureFieldCount.set(0);
        deadLettered.set(0);
        since = clock.instant();
        rebuilds++;
        consumer.seekToBeginning(partitions);
        state = "CATCHING_UP";
        LOG.info("audit store rebuild started: projecting from offset 0");
    }

    private void seekToStoredOffsets() {
        try (Connection connection = store.dataSource().getConnection()) {
            known.load(connection);
        } catch (SQLException e) {
            known.clear();
            throw new IllegalStateException("cannot read the projected clusters and placements from " + store.url()
                    + ": " + e.getMessage(), e);
        }
        Map<TopicPartition, Long> stored = new HashMap<>();
        try (Connection connection = store.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT topic, part, next_offset FROM projection_offsets");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                stored.put(new TopicPartition(rows.getString(1), rows.getInt(2)), rows.getLong(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the projection offsets from " + store.url() + ": "
                    + e.getMessage(), e);
        }
        List<TopicPartition> fromStart = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            Long offset = stored.get(partition);
            if (offset == null) {
                fromStart.add(partition);
            } else {
                consumer.seek(partition, offset);
            }
        }
        if (!fromStart.isEmpty()) {
            consumer.seekToBeginning(fromStart);
        }
    }

    private void project(ConsumerRecords<byte[], byte[]> records) throws SQLException {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(records.count());
        records.forEach(all::add);
        for (int from = 0; from < all.size(); from += properties.maxBatch()) {
            List<ConsumerRecord<byte[], byte[]>> chunk = all.subList(from, Math.min(all.size(),
                    from + properties.maxBatch()));
            try {
                write(chunk, false);
            } catch (SQLException e) {
                LOG.warn("audit projection: a batch of {} records failed ({}); projecting them one by one",
                        chunk.size(), e.getMessage());
                for (ConsumerRecord<byte[], byte[]> record : chunk) {
                    write(List.of(record), true);
                }
            }
        }
    }

    /**
     * Writes the rows of {@code chunk} and its offsets in one transaction.
     *
     * @param single one record alone: a row the database refuses sends the record to the DLQ instead
     */
    private void write(List<ConsumerRecord<byte[], byte[]>> chunk, boolean single) throws SQLException {
        List<Decoded> decoded = new ArrayList<>(chunk.size());
        for (ConsumerRecord<byte[], byte[]> record : chunk) {
            Object value;
            try {
                value = decoder.decode(record);
            } catch (RuntimeException e) {
                deadLetter(record, e);
                decoded.add(new Decoded(record, null));
                continue;
            }
            countFutureFields(record, value);
            decoded.add(new Decoded(record, value));
        }
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        try (Connection connection = store.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (ProjectionBatch batch = new ProjectionBatch(connection, known)) {
                for (Decoded d : decoded) {
                    ConsumerRecord<byte[], byte[]> record = d.record();
                    offsets.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                    if (d.value() == null) {
                        continue;
                    }
                    try {
                        batch.add(d.value(), ProjectionBatch.seq(record.partition(), record.offset()));
                    } catch (RuntimeException e) {
                        deadLetter(record, e);
                    }
                }
                batch.flush();
                storeOffsets(connection, offsets);
                connection.commit();
                batch.commitTo(known);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                if (!single) {
                    throw e instanceof SQLException sql ? sql : new SQLException(e.getMessage(), e);
                }
                deadLetter(chunk.get(0), e);
                storeOffsets(connection, offsets);
                connection.commit();
            }
        }
        projected.addAndGet(chunk.size());
        meters.counter("shiplog.audit.projection.events").increment(chunk.size());
    }

    private void countFutureFields(ConsumerRecord<byte[], byte[]> record, Object value) {
        if (!(value instanceof SpecificRecord specific) || record.value() == null) {
            return;
        }
        byte[] bytes = record.value();
        if (bytes.length < 5 || bytes[0] != 0) {
            return;
        }
        int schemaId = ((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff);
        int unknown = futureFields.unknownFields(schemaId, specific.getSchema());
        if (unknown > 0) {
            futureFieldCount.addAndGet(unknown);
            meters.counter("shiplog.audit.projection.future.fields", "topic", record.topic()).increment(unknown);
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> record, Throwable reason) {
        deadLettered.incrementAndGet();
        meters.counter("shiplog.audit.projection.bad.records", "topic", record.topic()).increment();
        try {
            deadLetters.publish(record, reason).get(DLQ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering " + record.topic() + "-"
                    + record.partition() + "@" + record.offset(), e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot dead-letter record " + record.topic() + "-" + record.partition()
                    + "@" + record.offset() + ": " + e, e);
        }
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

    private void updateLag() {
        long total = 0;
        boolean known = true;
        for (TopicPartition partition : partitions) {
            var partitionLag = consumer.currentLag(partition);
            if (partitionLag.isEmpty()) {
                known = false;
                break;
            }
            total += partitionLag.getAsLong();
        }
        if (!known) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            total = 0;
            for (TopicPartition partition : partitions) {
                total += Math.max(0, ends.getOrDefault(partition, 0L) - consumer.position(partition));
            }
        }
        lag = total;
        if (!rebuildRequested) {
            state = total == 0 ? "LIVE" : "CATCHING_UP";
        }
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            LOG.info("audit projection is disabled (shiplog.audit.projection.enabled=false)");
            return;
        }
        running = true;
        thread.start();
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        consumer.wakeup();
        // no interrupt: an interrupted thread inside an embedded database's file I/O can close the database
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private record Decoded(ConsumerRecord<byte[], byte[]> record, Object value) {
    }
}
