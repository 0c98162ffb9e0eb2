package io.shiplog.scanner.watch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.events.WatchedImage;
import io.shiplog.events.WatchlistEvent;
import io.shiplog.scanner.scan.ScanScheduler;
import io.shiplog.scanner.scan.WatchedRepository;
import io.shiplog.schemas.image.ImageRepository;
import io.shiplog.schemas.kafka.Delivery;
import io.shiplog.schemas.kafka.Follower;
import io.shiplog.schemas.kafka.FollowerContext;
import io.shiplog.schemas.kafka.FollowerSpec;
import io.shiplog.schemas.kafka.KafkaEdge;
import io.shiplog.schemas.kafka.ListenerContainerFollower;
import io.shiplog.schemas.kafka.OffsetPolicy;
import io.shiplog.schemas.kafka.UnprocessableRecordException;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the compacted {@code shiplog.watchlist} into what this instance scans. The topic's partitions are spread
 * over the scanner instances by their consumer group, so no two instances scan one repository; each assigned
 * partition is read from its beginning (the compacted topic is the whole list), a tombstone stops the scan, and a
 * revoked partition's repositories leave this instance. A hand-over is ordered: the instance giving a partition
 * up lets its running scans finish (they publish what they found) before the group moves on, and the instance
 * receiving it reads {@code shiplog.images} up to its end before scanning, so no change is reported twice.
 * An unusable entry goes to the DLQ.
 *
 * <p>On Spring Kafka's listener container ({@link ListenerContainerFollower}): a plain record listener in a consumer
 * group, whose work is done when a record is handled; the container's rebalance callbacks seek each assigned
 * partition to its beginning and block for the hand-over, and {@code DefaultErrorHandler} dead-letters an entry
 * that cannot be decoded or parsed. Nothing is committed: every assignment reads the whole list again.
 */
public final class WatchlistFollower implements Follower<WatchlistEvent>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WatchlistFollower.class);
    private static final Duration HAND_OVER_TIMEOUT = Duration.ofSeconds(30);

    private final ScanScheduler scheduler;
    private final Duration defaultInterval;
    private final CatchUp catchUp;
    private final Map<String, TopicPartition> owners = new ConcurrentHashMap<>();
    private final ListenerContainerFollower<WatchlistEvent> follower;

    /** Waits until this instance knows every image event published so far. */
    @FunctionalInterface
    public interface CatchUp {
        void await(Duration timeout) throws Exception;
    }

    public WatchlistFollower(KafkaEdge edge, String group, ScanScheduler scheduler, CatchUp catchUp,
                             Duration defaultInterval, MeterRegistry meters) {
        this.catchUp = catchUp;
        this.scheduler = scheduler;
        this.defaultInterval = defaultInterval;
        Counter bad = Counter.builder("shiplog.scanner.watchlist.invalid").register(meters);
        this.follower = edge.listenerFollower(FollowerSpec.of("watchlist-follower",
                                OffsetPolicy.rereadOnAssignment(group),
                                edge.deadLetters("registry-scanner/" + group, record -> bad.increment()),
                                TopicCatalogue.WATCHLIST.name())
                        .withClientId("registry-scanner-watchlist-" + UUID.randomUUID().toString().substring(0, 8))
                        .withCloseTimeout(HAND_OVER_TIMEOUT.plusSeconds(5)),
                edge.decoding(WatchlistEvent.class), this);
    }

    public void start() {
        follower.start();
    }

    /** Repositories this instance scans because of the watch list. */
    public Set<String> owned() {
        return Set.copyOf(owners.keySet());
    }

    @Override
    public void onRecord(Delivery<WatchlistEvent> delivery) {
        try {
            WatchlistEvent event = delivery.value();
            if (event == null) {
                if (delivery.key() != null) {
                    String repository = ImageRepository.parse(delivery.key()).toString();
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
            owners.put(name.toString(), delivery.partition());
            scheduler.watch(new WatchedRepository(name, new HashSet<>(watched.getTrackedTags()), interval,
                    WatchedPolicies.needs(watched)));
        } catch (IllegalArgumentException e) {
            throw new UnprocessableRecordException("watch list entry " + delivery.where() + " (key "
                    + delivery.key() + ") is unusable: " + e.getMessage(), e);
        }
    }

    @Override
    public void onAssigned(FollowerContext context, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            awaitImages();
        }
        LOG.info("watch list partitions assigned: {}", partitions);
    }

    @Override
    public void onRevoked(Collection<TopicPartition> partitions) {
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
        follower.close();
    }
}
