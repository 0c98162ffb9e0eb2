package io.shiplog.scanner.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shiplog.events.ImageEvent;
import io.shiplog.scanner.scan.KnownImages;
import io.shiplog.schemas.kafka.Delivery;
import io.shiplog.schemas.kafka.Follower;
import io.shiplog.schemas.kafka.FollowerSpec;
import io.shiplog.schemas.kafka.KafkaEdge;
import io.shiplog.schemas.kafka.KafkaFollower;
import io.shiplog.schemas.kafka.OffsetPolicy;
import io.shiplog.schemas.kafka.UnprocessableRecordException;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log is the scanner's state: reads {@code shiplog.images} from offset 0 into {@link KnownImages} before the
 * first scan, then keeps following it, so changes other instances publish are known before this one might scan
 * the same repository after a rebalance. Records it cannot decode are counted and skipped (not dead-lettered:
 * every instance reads every record, and one DLQ entry per instance would be noise).
 *
 * <p>A {@link KafkaFollower} (every partition assigned by hand from offset 0, no group), not a Spring Kafka listener
 * container: start-up waits until the topic is read to the end it had, and a hand-over waits until every event
 * published before it is read; both are barriers on the consumer's positions that a record listener cannot see.
 */
public final class ImagesFollower implements Follower<ImageEvent>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImagesFollower.class);

    private final KnownImages known;
    private final KafkaFollower<ImageEvent> follower;
    private final long started = System.nanoTime();
    private long read;

    public ImagesFollower(KafkaEdge edge, KnownImages known, MeterRegistry meters) {
        this.known = known;
        Counter undecodable = Counter.builder("shiplog.scanner.images.undecodable").register(meters);
        this.follower = edge.follower(FollowerSpec.of("images-follower", OffsetPolicy.fromBeginning(),
                        edge.skipping(record -> undecodable.increment()), TopicCatalogue.IMAGES.name())
                .withClientId("registry-scanner-images-" + UUID.randomUUID().toString().substring(0, 8)),
                edge.decoding(ImageEvent.class), this);
    }

    /** Starts following and waits until everything the topic held at start is applied. */
    public void startAndCatchUp(Duration timeout) throws InterruptedException {
        follower.start();
        if (!follower.awaitCaughtUp(timeout)) {
            throw new IllegalStateException("could not read " + TopicCatalogue.IMAGES.name() + " to its end within "
                    + timeout + "; the scanner would emit duplicates without it");
        }
    }

    /**
     * Waits until every image event published before this call is applied: called before this instance starts
     * scanning repositories it took over from another, so it knows what the other published last.
     */
    public void catchUp(Duration timeout) throws InterruptedException, TimeoutException {
        follower.catchUp(timeout);
    }

    @Override
    public void onRecord(Delivery<ImageEvent> delivery) {
        read++;
        if (delivery.value() == null) {
            return;
        }
        try {
            ImageEventConverter.fromAvro(delivery.value()).ifPresent(known::apply);
        } catch (IllegalArgumentException e) {
            throw new UnprocessableRecordException(e);
        }
    }

    @Override
    public void onCaughtUp() {
        LOG.info("read {} image events in {} ms: {} repositories known", read,
                (System.nanoTime() - started) / 1_000_000, known.repositories());
    }

    @Override
    public void close() {
        follower.close();
    }
}
