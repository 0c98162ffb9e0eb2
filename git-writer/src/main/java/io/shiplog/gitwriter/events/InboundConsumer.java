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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code shiplog.images} and {@code shiplog.commands} on its own thread. Every partition is read from the
 * start: records before the group's committed offset only rebuild the {@link TagStore}; later ones also become
 * work for every repository's commit loop. The loops are released once the consumer has caught up with the log as
 * it was at start, so whatever piled up while the service was down goes into one commit. Offsets are committed
 * only up to the first record whose work is not finished. A record that cannot be decoded or used goes to the DLQ
 * and the rest continue. Needs a single instance per consumer group (partitions are assigned, not balanced).
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
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean caughtUp;

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

    public void start() {
        thread.start();
    }

    /** Whether the log as it was at start has been read (the commit loops are working). */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(TopicCatalogue.IMAGES.name(), TopicCatalogue.COMMANDS.name())) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
            Map<TopicPartition, Long> resumeAt = new HashMap<>();
            partitions.forEach(p -> resumeAt.put(p, committed.get(p) == null ? 0L : committed.get(p).offset()));
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endAtStart = consumer.endOffsets(partitions);
            LOG.info("reading {} partitions of {} and {} from the start; acting from offsets {}", partitions.size(),
                    TopicCatalogue.IMAGES.name(), TopicCatalogue.COMMANDS.name(), resumeAt);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(pollTimeout)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    accept(record, record.offset() >= resumeAt.get(partition));
                }
                if (!caughtUp && endAtStart.entrySet().stream()
                        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp = true;
                    LOG.info("caught up with the log ({} image repositories known); commit loops start",
                            tags.repositories());
                    workers.forEach(RepositoryWorker::release);
                }
                Map<TopicPartition, OffsetAndMetadata> offsets = tracker.ready(this::deadLetter);
                if (!offsets.isEmpty()) {
                    consumer.commitSync(offsets);
                }
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
