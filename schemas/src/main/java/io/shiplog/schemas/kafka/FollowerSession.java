package io.shiplog.schemas.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer's life inside a {@link KafkaFollower}, from its subscription or assignment to its close: positions as
 * the offset policy says, records decoded and handed over, the dead-letter path, commits after side effects and the
 * catch-up barriers. A restart is a new session.
 */
final class FollowerSession<T> implements FollowerContext {

    private static final Logger LOG = LoggerFactory.getLogger(FollowerSession.class);
    private static final Duration CATCH_UP_POLL = Duration.ofMillis(50);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaFollower<T> owner;
    private final FollowerSpec spec;
    private final Consumer<byte[], byte[]> consumer;
    private final Function<ConsumerRecord<byte[], byte[]>, T> decoder;
    private final Follower<T> follower;
    private final CatchUps catchUps;
    private final CompletableFuture<Void> caughtUp;
    private final CommitTracker tracker = new CommitTracker();
    /** Rebuilding groups: the committed offset at assignment; records before it are replayed. */
    private final Map<TopicPartition, Long> resumeAt = new HashMap<>();
    private final Map<TopicPartition, Long> catchUpTo = new HashMap<>();
    /** After a {@link #rewind()}: each partition's end offset then; the records before it are a backlog again. */
    private final Map<TopicPartition, Long> rewoundBacklog = new HashMap<>();
    private final Map<String, Integer> partitionCounts = new HashMap<>();
    private boolean assigned;

    FollowerSession(KafkaFollower<T> owner, FollowerSpec spec, Consumer<byte[], byte[]> consumer,
                    Function<ConsumerRecord<byte[], byte[]>, T> decoder, Follower<T> follower, CatchUps catchUps,
                    CompletableFuture<Void> caughtUp) {
        this.owner = owner;
        this.spec = spec;
        this.consumer = consumer;
        this.decoder = decoder;
        this.follower = follower;
        this.catchUps = catchUps;
        this.caughtUp = caughtUp;
    }

    void open() throws Exception {
        OffsetPolicy policy = spec.policy();
        if (policy instanceof OffsetPolicy.GroupCommitted || policy instanceof OffsetPolicy.GroupAssigned) {
            consumer.subscribe(spec.topics(), new Rebalance());
            return;
        }
        List<TopicPartition> partitions = partitionsOf(spec.topics());
        consumer.assign(partitions);
        seekToStart(partitions);
        assignedAll(partitions);
        LOG.info("follower {} reads {} partitions of {}", spec.name(), partitions.size(), spec.topics());
        follower.onAssigned(this, partitions);
    }

    /** One poll: its records handed over, the catch-up barriers, {@link Follower#onIdle}, then the commit. */
    void pollOnce() throws Exception {
        Duration timeout = catchUps.pending() && spec.pollTimeout().compareTo(CATCH_UP_POLL) > 0 ? CATCH_UP_POLL
                : spec.pollTimeout();
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(timeout);
        } catch (WakeupException e) {
            if (!owner.running()) {
                throw e;
            }
            records = ConsumerRecords.empty();
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
            deliver(record);
        }
        checkCatchUp();
        follower.onIdle(this);
        commitReady();
        owner.lag(lagByTopic());
    }

    /** The lag of every topic as the consumer's fetch positions show it (partitions not fetched yet left out). */
    private Map<String, Long> lagByTopic() {
        Map<String, Long> lag = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong behind = consumer.currentLag(partition);
            if (behind.isPresent()) {
                lag.merge(partition.topic(), behind.getAsLong(), Long::sum);
            }
        }
        return lag;
    }

    private void deliver(ConsumerRecord<byte[], byte[]> record) throws Exception {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        boolean replayed = record.offset() < resumeAt.getOrDefault(partition, 0L);
        T value;
        try {
            value = decoder.apply(record);
        } catch (RuntimeException e) {
            if (!replayed) {
                deadLetter(record, e);
                track(record, CompletableFuture.completedFuture(null));
            }
            owner.handled.put(partition, record.offset() + 1);
            return;
        }
        Delivery<T> delivery = new Delivery<>(record, value, replayed);
        try (RecordTracing.Handling traced = caughtUp.isDone() && !rewoundBacklog(partition, record.offset())
                ? owner.tracing.handling(record, value) : owner.tracing.catchingUp(record, value)) {
            follower.onRecord(delivery);
        } catch (UnprocessableRecordException e) {
            deadLetter(record, e.reason());
            delivery.completeWhen(CompletableFuture.completedFuture(null));
        }
        if (!replayed) {
            track(record, delivery.done().toCompletableFuture());
        }
        owner.handled.put(partition, record.offset() + 1);
    }

    /** Whether the record at {@code offset} was in the log when the follower last rewound {@code partition}. */
    private boolean rewoundBacklog(TopicPartition partition, long offset) {
        if (rewoundBacklog.isEmpty()) {
            return false;
        }
        Long end = rewoundBacklog.get(partition);
        if (end != null && offset >= end - 1) {
            rewoundBacklog.remove(partition);
        }
        return end != null && offset < end;
    }

    private void track(ConsumerRecord<byte[], byte[]> record, CompletableFuture<?> done) {
        if (spec.policy() instanceof OffsetPolicy.GroupCommitted) {
            tracker.track(record, done);
        }
    }

    private void commitReady() {
        if (!(spec.policy() instanceof OffsetPolicy.GroupCommitted)) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.ready(this::deadLetter);
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
    }

    private void checkCatchUp() {
        catchUpTo.entrySet().removeIf(end -> consumer.position(end.getKey()) >= end.getValue());
        if (!caughtUp.isDone() && assigned && catchUpTo.isEmpty()) {
            LOG.info("follower {} caught up with {}", spec.name(), spec.topics());
            follower.onCaughtUp();
            caughtUp.complete(null);
        }
        if (caughtUp.isDone() && catchUps.pending()) {
            catchUps.check(consumer);
        }
    }

    private void assignedAll(Collection<TopicPartition> partitions) {
        if (!caughtUp.isDone() && !partitions.isEmpty()) {
            consumer.endOffsets(partitions).forEach((p, end) -> {
                if (end > 0) {
                    catchUpTo.put(p, end);
                }
            });
        }
        assigned = true;
    }

    private void seekToStart(Collection<TopicPartition> partitions) throws Exception {
        if (spec.policy() instanceof OffsetPolicy.CallerStored stored) {
            seekTo(stored.store().load(partitions), partitions);
            return;
        }
        OffsetPolicy.Assigned assigned = (OffsetPolicy.Assigned) spec.policy();
        List<TopicPartition> fresh = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            Long next = owner.handled.get(partition);
            if (next == null) {
                fresh.add(partition);
            } else {
                consumer.seek(partition, next);
            }
        }
        if (assigned.from() == OffsetPolicy.From.BEGINNING) {
            seekToBeginning(fresh);
        } else {
            seekToEnd(fresh);
            fresh.forEach(consumer::position);
        }
    }

    private void seekTo(Map<TopicPartition, Long> offsets, Collection<TopicPartition> partitions) {
        List<TopicPartition> fromStart = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            Long offset = offsets.get(partition);
            if (offset == null) {
                fromStart.add(partition);
            } else {
                consumer.seek(partition, offset);
            }
        }
        seekToBeginning(fromStart);
    }

    /**
     * Seeks {@code partitions} to their first offsets; none is a no-op (the consumer's own call would seek every
     * assigned partition, e.g. when a cooperative rebalance adds nothing).
     */
    private void seekToBeginning(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            consumer.seekToBeginning(partitions);
        }
    }

    /** Seeks {@code partitions} to their ends; none is a no-op (see {@link #seekToBeginning}). */
    private void seekToEnd(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            consumer.seekToEnd(partitions);
        }
    }

    private List<TopicPartition> partitionsOf(List<String> topics) {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " has no partitions (is it provisioned?)");
            }
            infos.forEach(info -> all.add(new TopicPartition(info.topic(), info.partition())));
            partitionCounts.put(topic, infos.size());
        }
        return List.copyOf(all);
    }

    @Override
    public Set<TopicPartition> assignment() {
        return consumer.assignment();
    }

    @Override
    public int partitionCount(String topic) {
        return partitionCounts.computeIfAbsent(topic, t -> consumer.partitionsFor(t, METADATA_TIMEOUT).size());
    }

    @Override
    public long lag() {
        Set<TopicPartition> partitions = consumer.assignment();
        long total = 0;
        for (TopicPartition partition : partitions) {
            OptionalLong lag = consumer.currentLag(partition);
            if (lag.isEmpty()) {
                return lagFromEndOffsets(partitions);
            }
            total += lag.getAsLong();
        }
        return total;
    }

    private long lagFromEndOffsets(Set<TopicPartition> partitions) {
        long total = 0;
        for (var end : consumer.endOffsets(partitions, Duration.ofSeconds(10)).entrySet()) {
            total += Math.max(0, end.getValue() - consumer.position(end.getKey()));
        }
        return total;
    }

    @Override
    public void rewind() {
        Set<TopicPartition> partitions = consumer.assignment();
        rewoundBacklog.clear();
        consumer.endOffsets(partitions, METADATA_TIMEOUT).forEach((partition, end) -> {
            if (end != null && end > 0) {
                rewoundBacklog.put(partition, end);
            }
        });
        if (spec.policy() instanceof OffsetPolicy.CallerStored stored) {
            Map<TopicPartition, Long> offsets;
            try {
                offsets = stored.store().load(partitions);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("follower " + spec.name() + ": cannot read the stored offsets: "
                        + e.getMessage(), e);
            }
            seekTo(offsets, partitions);
        } else if (spec.policy() instanceof OffsetPolicy.Assigned assigned) {
            owner.handled.keySet().removeAll(partitions);
            if (assigned.from() == OffsetPolicy.From.BEGINNING) {
                seekToBeginning(partitions);
            } else {
                seekToEnd(partitions);
            }
        } else {
            tracker.forget(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions);
            Map<TopicPartition, Long> offsets = new HashMap<>();
            committed.forEach((p, at) -> {
                if (at != null) {
                    offsets.put(p, at.offset());
                }
            });
            seekTo(offsets, partitions);
        }
    }

    @Override
    public void deadLetter(ConsumerRecord<byte[], byte[]> record, Throwable reason) {
        spec.deadLetters().handle(record, reason);
    }

    void wakeup() {
        consumer.wakeup();
    }

    void close() {
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debug("follower {}: consumer close: {}", spec.name(), e.toString());
        }
    }

    /** Group membership: where each newly assigned partition is read from, and what leaves with a revocation. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (spec.policy() instanceof OffsetPolicy.GroupAssigned groupAssigned) {
                if (groupAssigned.from() == OffsetPolicy.From.BEGINNING) {
                    seekToBeginning(partitions);
                } else {
                    seekToEnd(partitions);
                }
            } else if (((OffsetPolicy.GroupCommitted) spec.policy()).rebuild()) {
                rebuildFromStart(partitions);
            } else if ("latest".equals(spec.consumerOverrides().get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG))) {
                pinStart(partitions);
            }
            assignedAll(partitions);
            LOG.info("follower {} assigned {}", spec.name(), partitions);
            follower.onAssigned(FollowerSession.this, partitions);
        }

        /**
         * A group that starts at the end commits that start for every partition it has no offset of yet: a record
         * published after it is read even if the partition moves to another instance before anything was committed.
         */
        private void pinStart(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            for (TopicPartition partition : partitions) {
                if (committed.get(partition) == null) {
                    start.put(partition, new OffsetAndMetadata(consumer.position(partition)));
                }
            }
            if (!start.isEmpty()) {
                consumer.commitSync(start);
                LOG.info("follower {}: {} had no committed offset; reading starts at {}", spec.name(), start.keySet(),
                        start);
            }
        }

        /** New partitions from the start (or from where this process left them), acting from the committed offset. */
        private void rebuildFromStart(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
            List<TopicPartition> fresh = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata at = committed.get(partition);
                long resume = at == null ? 0L : at.offset();
                resumeAt.put(partition, resume);
                Long seen = owner.readUpTo.get(partition);
                if (seen == null) {
                    fresh.add(partition);
                } else if (seen < resume) {
                    consumer.seek(partition, seen);
                }
            }
            seekToBeginning(fresh);
            LOG.info("follower {}: {} read from the start, acting from offsets {}", spec.name(), fresh, resumeAt);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commitReady();
            if (spec.policy() instanceof OffsetPolicy.GroupCommitted committed && committed.rebuild()) {
                partitions.forEach(p -> owner.readUpTo.put(p, consumer.position(p)));
            }
            leave(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(owner.readUpTo::remove);
            leave(partitions);
        }

        private void leave(Collection<TopicPartition> partitions) {
            tracker.forget(partitions);
            partitions.forEach(p -> {
                resumeAt.remove(p);
                catchUpTo.remove(p);
            });
            LOG.info("follower {} leaves {}", spec.name(), partitions);
            follower.onRevoked(partitions);
        }
    }
}
