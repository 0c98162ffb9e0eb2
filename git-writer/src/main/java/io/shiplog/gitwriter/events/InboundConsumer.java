package io.shiplog.gitwriter.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.gitwriter.policy.TagCandidate;
import io.shiplog.gitwriter.release.RepositoryWorker;
import io.shiplog.gitwriter.release.TagStore;
import io.shiplog.gitwriter.release.Work;
import io.shiplog.schemas.event.DeadLetterPublisher;
import io.shiplog.schemas.serde.AvroRecordDecoder;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code shiplog.images} and {@code shiplog.commands} on its own thread, as a member of the consumer group:
 * each partition is read by one instance of the group. A partition newly assigned to this process is read from the
 * start (or from where this process left it, if it held it before): records before the group's committed offset
 * only rebuild the {@link TagStore} (every tag of an image is on its image's partition); later ones also become
 * work for every repository's commit loop. The loops are released
 * once the first assignment has been read up to its end as it was, so whatever piled up while the service was down
 * goes into one commit. Offsets are committed only up to the first record whose work is not finished (and at a
 * revocation). The assignment also decides which instance owns each config repository ({@link #ownerPartition}): its
 * per-repository duties (observing commits, crash repair, the watch list) run in exactly one instance. A record that
 * cannot be decoded or used goes to the DLQ and the rest continue.
 */
public final class InboundConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InboundConsumer.class);
    private static final Duration DLQ_TIMEOUT = Duration.ofSeconds(30);

    private final Consumer<byte[], byte[]> consumer;
    private final AvroRecordDecoder decoder;
    private final DeadLetterPublisher deadLetters;
    private final TagStore tags;
    private final List<RepositoryWorker> workers;
    private final MeterRegistry meters;
    private final Duration pollTimeout;
    private final OffsetTracker tracker = new OffsetTracker();
    private final Map<TopicPartition, Long> resumeAt = new HashMap<>();
    private final Map<TopicPartition, Long> catchUpTo = new HashMap<>();
    private final Map<TopicPartition, Long> readUpTo = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private boolean assigned;
    private int imagePartitions;

    public InboundConsumer(Consumer<byte[], byte[]> consumer, AvroRecordDecoder decoder,
                           DeadLetterPublisher deadLetters, TagStore tags, List<RepositoryWorker> workers,
                           MeterRegistry meters, Duration pollTimeout) {
        this.consumer = consumer;
        this.decoder = decoder;
        this.deadLetters = deadLetters;
        this.tags = tags;
        this.workers = List.copyOf(workers);
        this.meters = meters;
        this.pollTimeout = pollTimeout;
        this.thread = new Thread(this::run, "git-writer-inbound");
        this.thread.setDaemon(true);
    }

    /**
     * The partition of {@code shiplog.images} whose holder owns a config repository: the one its URL would be
     * partitioned to as a key.
     */
    public static int ownerPartition(String configRepoUrl, int imagePartitions) {
        return KafkaPublishedCommits.partitionOf(configRepoUrl, imagePartitions);
    }

    public void start() {
        thread.start();
    }

    /** Whether the log as it was at the first assignment has been read (the commit loops are working). */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        try {
            imagePartitions = consumer.partitionsFor(TopicCatalogue.IMAGES.name()).size();
            consumer.subscribe(List.of(TopicCatalogue.IMAGES.name(), TopicCatalogue.COMMANDS.name()),
                    new Rebalance());
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(pollTimeout)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    accept(record, record.offset() >= resumeAt.getOrDefault(partition, 0L));
                }
                catchUpTo.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
                if (!caughtUp && assigned && catchUpTo.isEmpty()) {
                    caughtUp = true;
                    LOG.info("caught up with the log ({} image repositories known); commit loops start",
                            tags.repositories());
                    workers.forEach(RepositoryWorker::release);
                }
                commitReady();
            }
        } catch (WakeupException | InterruptException e) {
            // closing
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("inbound consumer stopped: {}", e.toString(), e);
            }
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("consumer close: {}", e.toString());
            }
        }
    }

    private void commitReady() {
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.ready(this::deadLetter);
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
    }

    /** Reads new partitions from the start, resumes acting at the committed offsets, and moves ownership. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
            List<TopicPartition> fresh = new ArrayList<>();
            for (TopicPartition p : partitions) {
                OffsetAndMetadata at = committed.get(p);
                long resume = at == null ? 0L : at.offset();
                resumeAt.put(p, resume);
                Long seen = readUpTo.get(p);
                if (seen == null) {
                    fresh.add(p);
                } else if (seen < resume) {
                    consumer.seek(p, seen);
                }
            }
            consumer.seekToBeginning(fresh);
            if (!caughtUp) {
                consumer.endOffsets(partitions).forEach((p, end) -> {
                    if (end > 0) {
                        catchUpTo.put(p, end);
                    }
                });
            }
            assigned = true;
            LOG.info("assigned {} (read from the start: {}); acting from offsets {}", partitions, fresh,
                    resumeAt);
            updateOwnership(consumer.assignment());
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commitReady();
            partitions.forEach(p -> readUpTo.put(p, consumer.position(p)));
            leave(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(readUpTo::remove);
            leave(partitions);
        }

        private void leave(Collection<TopicPartition> partitions) {
            tracker.forget(partitions);
            partitions.forEach(p -> {
                resumeAt.remove(p);
                catchUpTo.remove(p);
            });
            Set<TopicPartition> kept = new HashSet<>(consumer.assignment());
            kept.removeAll(partitions);
            updateOwnership(kept);
        }
    }

    private void updateOwnership(Collection<TopicPartition> assignment) {
        for (RepositoryWorker worker : workers) {
            TopicPartition owner = new TopicPartition(TopicCatalogue.IMAGES.name(),
                    ownerPartition(worker.properties().url(), imagePartitions));
            worker.ownership(assignment.contains(owner));
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> record, boolean act) {
        Inbound inbound;
        try {
            inbound = InboundConverter.fromAvro(decoder.decode(record));
        } catch (RuntimeException e) {
            if (act) {
                deadLetter(record, e);
            }
            return;
        }
        List<CompletableFuture<Void>> work = new ArrayList<>();
        if (inbound instanceof Inbound.TagSeen t) {
            tags.put(t.repository(), new TagCandidate(t.tag(), t.digest(), t.createdAt()));
            if (act) {
                workers.forEach(w -> work.add(w.submit(new Work.TagUpdate(t.repository(), t.tag(), t.digest(),
                        t.cause()))));
            }
        } else if (inbound instanceof Inbound.TagGone t) {
            tags.remove(t.repository(), t.tag());
        } else if (inbound instanceof Inbound.ReleaseRequested r) {
            if (act) {
                workers.forEach(w -> work.add(w.submit(new Work.Release(r.repository(), r.tag(), r.digest(),
                        r.ignorePolicy(), r.requestedBy(), r.cause()))));
            }
        } else if (inbound instanceof Inbound.LockRequested l) {
            if (act) {
                workers.stream().filter(w -> l.workload().appliesTo(w.properties())).forEach(w -> work.add(
                        w.submit(new Work.Lock(l.workload(), l.container(), l.lock(), l.requestedBy(), l.reason(),
                                l.cause()))));
            }
        } else if (inbound instanceof Inbound.NotForGitWriter n) {
            LOG.trace("skipping {} at {}-{}@{}", n.type(), record.topic(), record.partition(), record.offset());
        }
        if (act) {
            tracker.track(record, OffsetTracker.all(work));
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> record, Throwable reason) {
        meters.counter("shiplog.gitwriter.bad.records", "topic", record.topic()).increment();
        try {
            deadLetters.publish(record, reason).get(DLQ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot dead-letter record " + record.topic() + "-" + record.partition()
                    + "@" + record.offset() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
