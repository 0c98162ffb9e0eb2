package io.shiplog.auditor.project;

import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.auditor.config.ProjectionProperties;
import io.shiplog.auditor.store.AuditStore;
import io.shiplog.schemas.kafka.Backoff;
import io.shiplog.schemas.kafka.DeadLetters;
import io.shiplog.schemas.kafka.Delivery;
import io.shiplog.schemas.kafka.Follower;
import io.shiplog.schemas.kafka.FollowerContext;
import io.shiplog.schemas.kafka.FollowerSpec;
import io.shiplog.schemas.kafka.KafkaEdge;
import io.shiplog.schemas.kafka.KafkaFollower;
import io.shiplog.schemas.kafka.OffsetPolicy;
import io.shiplog.schemas.kafka.OffsetStore;
import io.shiplog.schemas.serde.AvroRecordDecoder;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicSpec;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The Kafka side of the audit projection: follows every Shiplog topic from offset 0 and hands each poll's records
 * to the {@link Projection}, which writes their rows and positions in one database transaction, on a writer thread
 * of its own while the next poll's records are fetched and decoded (one chunk in flight at most). A record that
 * cannot be decoded, or whose rows the store refuses, goes to {@code shiplog.dlq} and the projection goes on; fields
 * of newer schema versions are dropped and counted; a rebuild drops the store and reads from offset 0 again.
 *
 * <p>A {@link KafkaFollower} with offsets stored by the caller, not a Spring Kafka listener container: the
 * positions live in the audit store and are written in the same transaction as the rows (a container commits to
 * Kafka or nowhere), the partitions are assigned by hand and sought to the stored positions at every (re)start and
 * rebuild, and the lag and the deliveries backfill run after every poll, with or without records.
 */
public final class Projector implements SmartLifecycle, Follower<Projector.Decoded>, OffsetStore {

    private static final Logger LOG = LoggerFactory.getLogger(Projector.class);
    /** The topics projected: every topic of the release log except the DLQ itself. */
    static final List<TopicSpec> TOPICS = List.of(TopicCatalogue.WATCHLIST, TopicCatalogue.IMAGES,
            TopicCatalogue.COMMITS, TopicCatalogue.APPLIES, TopicCatalogue.DRIFT, TopicCatalogue.COMMANDS);

    /** A record's value, or why it could not be decoded (the projection stores its position all the same). */
    record Decoded(Object value, RuntimeException error) {
    }

    private final AuditStore store;
    private final Projection projection;
    private final FutureFieldCounter futureFields;
    private final ProjectionProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private final DeadLetters deadLetters;
    private final KafkaFollower<Decoded> follower;
    private final ProjectionProgress progress;
    private final DeliveryBackfill backfill;
    private final List<Projection.Event> chunk = new ArrayList<>();
    private final List<ConsumerRecord<byte[], byte[]>> chunkRecords = new ArrayList<>();
    /** Writes the chunks while the next one is read and decoded (one chunk at most in flight); from each start. */
    private volatile ExecutorService writer;
    /** The chunk being written, null when none is: read and changed on the follower's thread only. */
    private Future<?> writing;
    private boolean polled;
    /** The indexes set aside for a build from offset 0 were created again since the last (re)start or rebuild. */
    private boolean indexesChecked;
    private volatile boolean running;

    /** @param deadLetterConsumer the DLQ's {@code consumer} for records the projection gives up on */
    public Projector(AuditStore store, KafkaEdge edge, String deadLetterConsumer, FutureFieldCounter futureFields,
                     ProjectionProperties properties, MeterRegistry meters, Clock clock) {
        this.store = store;
        this.projection = new Projection(store, new ReleaseLatency(meters, clock));
        this.futureFields = futureFields;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
        this.progress = new ProjectionProgress(clock.instant());
        this.backfill = new DeliveryBackfill(store, clock, () -> running && !progress.rebuildRequested());
        this.deadLetters = edge.deadLetters(deadLetterConsumer, record -> {
            progress.deadLettered();
            meters.counter("shiplog.audit.projection.bad.records", "topic", record.topic()).increment();
        });
        Map<String, Object> overrides = new HashMap<>();
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxBatch());
        if (!edge.configures(ConsumerConfig.FETCH_MAX_BYTES_CONFIG)) {
            overrides.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        }
        if (!edge.configures(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG)) {
            overrides.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        }
        AvroRecordDecoder decoder = edge.decoder();
        this.follower = edge.follower(FollowerSpec.of("audit-projection", OffsetPolicy.stored(this), deadLetters,
                        TOPICS.stream().map(TopicSpec::name).toArray(String[]::new))
                .withClientId("audit-projection").withPollTimeout(properties.pollTimeout())
                .withConsumerOverrides(overrides)
                .withBackoff(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1))), record -> {
                    try {
                        return new Decoded(decoder.decode(record), null);
                    } catch (RuntimeException e) {
                        return new Decoded(null, e);
                    }
                }, this);
        meters.gauge("shiplog.audit.projection.lag", progress, ProjectionProgress::lag);
    }

    /** Drops the store and projects again from offset 0; returns at once ({@link #status()} shows the progress). */
    public void rebuild() {
        progress.requestRebuild();
        follower.wakeup();
    }

    public ProjectionStatus status() {
        return progress.status(clock.instant(), backfill.done());
    }

    /** The stored positions, read with what the projection keeps in memory, at every (re)start and rebuild. */
    @Override
    public Map<TopicPartition, Long> load(Collection<TopicPartition> partitions) {
        try {
            awaitWrite();
        } catch (SQLException e) {
            LOG.warn("audit projection: a chunk being written when the projection restarted failed ({}); it is read "
                    + "again from the stored positions", e.getMessage());
        }
        chunk.clear();
        chunkRecords.clear();
        indexesChecked = false;
        return projection.storedOffsets();
    }

    @Override
    public void onAssigned(FollowerContext context, Collection<TopicPartition> partitions) {
        LOG.info("audit projection follows {} partitions of {} into {}", partitions.size(),
                TOPICS.stream().map(TopicSpec::name).toList(), store.url());
        progress.following();
    }

    @Override
    public void onRecord(Delivery<Decoded> delivery) throws SQLException {
        progress.read(clock);
        ConsumerRecord<byte[], byte[]> record = delivery.record();
        Object value = delivery.value().value();
        PreparedApply prepared = null;
        if (delivery.value().error() != null) {
            deadLetters.handle(record, delivery.value().error());
        } else {
            countFutureFields(record, value);
            prepared = prepare(value, ProjectionBatch.seq(record.partition(), record.offset()));
        }
        chunk.add(new Projection.Event(record.topic(), record.partition(), record.offset(), value, prepared));
        chunkRecords.add(record);
        polled = true;
        if (chunk.size() >= properties.maxBatch()) {
            flush();
        }
    }

    /**
     * After every poll: the rest of the poll's records, a rebuild asked for, the lag and the backfill. While records
     * remain to be read the next poll starts at once, as the chunk is written; otherwise it waits for that write.
     */
    @Override
    public void onIdle(FollowerContext context) throws SQLException {
        flush();
        long lag = context.lag();
        if (lag > 0 && !progress.rebuildRequested()) {
            progress.lag(lag);
            polled = false;
            return;
        }
        awaitWrite();
        if (progress.rebuildRequested()) {
            projection.reset();
            backfill.reset();
            progress.rebuildStarted(clock.instant());
            context.rewind();
            LOG.info("audit store rebuild started: projecting from offset 0");
        }
        progress.lag(context.lag());
        if (progress.lag() == 0 && !indexesChecked) {
            projection.restoreIndexes();
            indexesChecked = true;
        }
        backfill.afterPoll(progress.lag(), !polled, progress.projected());
        polled = false;
    }

    /**
     * Hands the chunk read so far to the writer, once the previous one is written: the rows and positions of each
     * chunk are written in one transaction, in order, on the writer's thread ({@link Projection} is used there
     * only, or on this thread while no chunk is in flight). Nothing read: no wait, so a poll that filled a chunk
     * (handed over as its last record was read) is followed at once by the next poll while the writer writes it.
     *
     * @throws SQLException when the previous chunk could not be written (the follower restarts from the stored
     *                      positions)
     */
    private void flush() throws SQLException {
        if (chunk.isEmpty()) {
            return;
        }
        awaitWrite();
        List<Projection.Event> events = List.copyOf(chunk);
        List<ConsumerRecord<byte[], byte[]>> records = List.copyOf(chunkRecords);
        chunk.clear();
        chunkRecords.clear();
        writing = writer.submit(() -> {
            projection.write(events, (event, reason) -> deadLetters.handle(records.get(events.indexOf(event)),
                    reason));
            progress.projected(events.size(), clock.instant());
            meters.counter("shiplog.audit.projection.events").increment(events.size());
            return null;
        });
    }

    /** Waits until the chunk in flight, if any, is written; rethrows why it could not be. */
    private void awaitWrite() throws SQLException {
        Future<?> pending = writing;
        if (pending == null) {
            return;
        }
        writing = null;
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while the audit projection was writing", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new SQLException(cause.getMessage(), cause);
        }
    }

    /**
     * The rows of a completed apply that need nothing of the store, worked out here while the writer writes the chunk
     * before ({@link LookupKeys} hashed too); null when the envelope is none, or one the writer is to refuse (it names
     * why).
     */
    private PreparedApply prepare(Object value, long seq) {
        try {
            LookupKeys.hash(value);
            return PreparedApply.of(value, seq, projection.images());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void countFutureFields(ConsumerRecord<byte[], byte[]> record, Object value) {
        if (!(value instanceof SpecificRecord specific) || record.value() == null) {
            return;
        }
        byte[] bytes = record.value();
        if (bytes.length < 5 || bytes[0] != 0) {
            return;
        }
        int schemaId = ((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8)
                | (bytes[4] & 0xff);
        int unknown = futureFields.unknownFields(schemaId, specific.getSchema());
        if (unknown > 0) {
            progress.futureFields(unknown);
            meters.counter("shiplog.audit.projection.future.fields", "topic", record.topic()).increment(unknown);
        }
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            LOG.info("audit projection is disabled (shiplog.audit.projection.enabled=false)");
            return;
        }
        running = true;
        writer = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "audit-projection-writer");
            thread.setDaemon(true);
            return thread;
        });
        follower.start();
    }

    /** Stops following (no interrupt: an interrupted thread inside an embedded database's file I/O can close it). */
    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        follower.close();
        // the chunk in flight is written to its end: no interrupt (see above)
        writer.shutdown();
        try {
            if (!writer.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("audit projection: the chunk being written did not finish within a minute of the stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
