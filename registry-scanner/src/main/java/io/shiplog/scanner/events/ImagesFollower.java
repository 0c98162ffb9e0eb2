package io.shiplog.scanner.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.events.ImageEvent;
import io.shiplog.scanner.scan.KnownImages;
import io.shiplog.schemas.serde.AvroRecordDecoder;
import io.shiplog.schemas.serde.RecordDecodeException;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log is the scanner's state: reads {@code shiplog.images} from offset 0 into {@link KnownImages} before the
 * first scan, then keeps following it, so changes other instances publish are known before this one might scan
 * the same repository after a rebalance. Records it cannot decode are counted and skipped (not dead-lettered:
 * every instance reads every record, and one DLQ entry per instance would be noise).
 */
public final class ImagesFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImagesFollower.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AvroRecordDecoder decoder;
    private final KnownImages known;
    private final Counter undecodable;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Queue<CompletableFuture<Void>> catchUps = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    public ImagesFollower(KafkaConsumer<byte[], byte[]> consumer, AvroRecordDecoder decoder, KnownImages known,
                          MeterRegistry meters) {
        this.consumer = consumer;
        this.decoder = decoder;
        this.known = known;
        this.undecodable = Counter.builder("shiplog.scanner.images.undecodable").register(meters);
        this.thread = new Thread(this::run, "images-follower");
        this.thread.setDaemon(true);
    }

    /** Starts following and waits until everything the topic held at start is applied. */
    public void startAndCatchUp(Duration timeout) throws InterruptedException {
        thread.start();
        if (!caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("could not read " + TopicCatalogue.IMAGES.name() + " to its end within "
                    + timeout + "; the scanner would emit duplicates without it");
        }
    }

    /**
     * Waits until every image event published before this call is applied: called before this instance starts
     * scanning repositories it took over from another, so it knows what the other published last.
     */
    public void catchUp(Duration timeout) throws InterruptedException, TimeoutException {
        CompletableFuture<Void> reached = new CompletableFuture<>();
        catchUps.add(reached);
        try {
            reached.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading " + TopicCatalogue.IMAGES.name() + " failed", e.getCause());
        }
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(TopicCatalogue.IMAGES.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long started = System.nanoTime();
            long read = 0;
            boolean done = false;
            Map<TopicPartition, Long> target = Map.of();
            List<CompletableFuture<Void>> waiting = new ArrayList<>();
            while (running) {
                if (!done && reached(partitions, end)) {
                    done = true;
                    LOG.info("read {} image events in {} ms: {} repositories known", read,
                            (System.nanoTime() - started) / 1_000_000, known.repositories());
                    caughtUp.countDown();
                }
                if (done && !catchUps.isEmpty()) {
                    for (CompletableFuture<Void> request; (request = catchUps.poll()) != null; ) {
                        waiting.add(request);
                    }
                    target = consumer.endOffsets(partitions);
                }
                if (!waiting.isEmpty() && reached(partitions, target)) {
                    waiting.forEach(request -> request.complete(null));
                    waiting.clear();
                }
                boolean busy = !done || !waiting.isEmpty() || !catchUps.isEmpty();
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(busy ? 50 : 200))) {
                    read++;
                    try {
                        ImageEvent event = decoder.decode(record, ImageEvent.class);
                        if (event != null) {
                            ImageEventConverter.fromAvro(event).ifPresent(known::apply);
                        }
                    } catch (RecordDecodeException | IllegalArgumentException e) {
                        undecodable.increment();
                        LOG.debug("skipped record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                                e.getMessage());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            catchUps.forEach(request -> request.completeExceptionally(e));
            throw e;
        } finally {
            consumer.close();
        }
    }

    private boolean reached(List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        return partitions.stream().allMatch(p -> consumer.position(p) >= end.getOrDefault(p, 0L));
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
