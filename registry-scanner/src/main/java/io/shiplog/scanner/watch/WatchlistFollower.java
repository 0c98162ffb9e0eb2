package io.shiplog.scanner.watch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.events.WatchedImage;
import io.shiplog.events.WatchlistEvent;
import io.shiplog.scanner.scan.ScanScheduler;
import io.shiplog.scanner.scan.WatchedRepository;
import io.shiplog.schemas.event.DeadLetterPublisher;
import io.shiplog.schemas.image.ImageRepository;
import io.shiplog.schemas.serde.AvroRecordDecoder;
import io.shiplog.schemas.serde.RecordDecodeException;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the compacted {@code shiplog.watchlist} into what this instance scans. The topic's partitions are spread
 * over the scanner instances by their consumer group, so no two instances scan one repository; each assigned
 * partition is read from its beginning (the compacted topic is the whole list), a tombstone stops the scan, and a
 * revoked partition's repositories leave this instance. A hand-over is ordered: the instance giving a partition
 * up lets its running scans finish (they publish what they found) before the group moves on, and the instance
 * receiving it reads {@code shiplog.images} up to its end before scanning, so no change is reported twice.
 * An undecodable entry goes to the DLQ.
 */
public final class WatchlistFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WatchlistFollower.class);
    private static final Duration HAND_OVER_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AvroRecordDecoder decoder;
    private final ScanScheduler scheduler;
    private final DeadLetterPublisher deadLetters;
    private final Duration defaultInterval;
    private final CatchUp catchUp;
    private final Counter bad;
    private final Map<String, TopicPartition> owners = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** Waits until this instance knows every image event published so far. */
    @FunctionalInterface
    public interface CatchUp {
        void await(Duration timeout) throws Exception;
    }

    public WatchlistFollower(KafkaConsumer<byte[], byte[]> consumer, AvroRecordDecoder decoder,
                             ScanScheduler scheduler, CatchUp catchUp, DeadLetterPublisher deadLetters,
                             Duration defaultInterval, MeterRegistry meters) {
        this.catchUp = catchUp;
        this.consumer = consumer;
        this.decoder = decoder;
        this.scheduler = scheduler;
        this.deadLetters = deadLetters;
        this.defaultInterval = defaultInterval;
        this.bad = Counter.builder("shiplog.scanner.watchlist.invalid").register(meters);
        this.thread = new Thread(this::run, "watchlist-follower");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Repositories this instance scans because of the watch list. */
    public Set<String> owned() {
        return Set.copyOf(owners.keySet());
    }

    private void run() {
        try {
            consumer.subscribe(List.of(TopicCatalogue.WATCHLIST.name()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    drop(partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    drop(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    consumer.seekToBeginning(partitions);
                    if (!partitions.isEmpty()) {
                        awaitImages();
                    }
                    LOG.info("watch list partitions assigned: {}", partitions);
                }
            });
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    handle(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        try {
            WatchlistEvent event = decoder.decode(record, WatchlistEvent.class);
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (event == null) {
                if (key != null) {
                    String repository = ImageRepository.parse(key).toString();
                    owners.remove(repository);
                    scheduler.unwatch(repository);
                }
                return;
            }
            if (!(event.getPayload() instanceof WatchedImage watched)) {
                return;
            }
            ImageRepository name = ImageRepository.parse(watched.getRepository());
            Duration interval = watched.getScanIntervalMs() == null || watched.getScanIntervalMs() <= 0
                    ? defaultInterval : Duration.ofMillis(watched.getScanIntervalMs());
            owners.put(name.toString(), partition);
            scheduler.watch(new WatchedRepository(name, new HashSet<>(watched.getTrackedTags()), interval));
        } catch (RecordDecodeException | IllegalArgumentException e) {
            bad.increment();
            LOG.warn("watch list entry {}-{}@{} (key {}) is unusable, sent to the DLQ: {}", record.topic(),
                    record.partition(), record.offset(), key, e.getMessage());
            deadLetters.publish(record, e);
        }
    }

    private void drop(Collection<TopicPartition> partitions) {
        List<String> leaving = new ArrayList<>();
        for (Map.Entry<String, TopicPartition> owned : Map.copyOf(owners).entrySet()) {
            if (partitions.contains(owned.getValue())) {
                owners.remove(owned.getKey());
                leaving.add(owned.getKey());
            }
        }
        try {
            if (!scheduler.handOver(leaving, HAND_OVER_TIMEOUT)) {
                LOG.warn("a scan of {} was still running after {}; the next owner may report its change again",
                        leaving, HAND_OVER_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitImages() {
        try {
            catchUp.await(HAND_OVER_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("could not read {} to its end before scanning newly assigned repositories within {}: {}",
                    TopicCatalogue.IMAGES.name(), HAND_OVER_TIMEOUT, e.toString());
        }
    }

    /** Leaves the group, handing this instance's repositories over (waits for running scans, bounded). */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(HAND_OVER_TIMEOUT.toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
