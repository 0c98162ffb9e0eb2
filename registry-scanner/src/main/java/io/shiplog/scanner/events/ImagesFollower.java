package io.shiplog.scanner.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.events.ImageEvent;
import io.shiplog.scanner.scan.KnownImages;
import io.shiplog.schemas.serde.AvroRecordDecoder;
import io.shiplog.schemas.serde.RecordDecodeException;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
            while (running) {
                if (!done && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    done = true;
                    LOG.info("read {} image events in {} ms: {} repositories known", read,
                            (System.nanoTime() - started) / 1_000_000, known.repositories());
                    caughtUp.countDown();
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(done ? 500 : 100))) {
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
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
