package io.shiplog.auditor.drift.events;

import io.shiplog.auditor.drift.CompletedApplies;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.schemas.kafka.Delivery;
import io.shiplog.schemas.kafka.Follower;
import io.shiplog.schemas.kafka.FollowerSpec;
import io.shiplog.schemas.kafka.KafkaEdge;
import io.shiplog.schemas.kafka.KafkaFollower;
import io.shiplog.schemas.kafka.OffsetPolicy;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code shiplog.applies} from its end and names each cluster that completed an apply, so its drift is
 * audited against the new inventory at once rather than at the next interval. Not a consumer group: every auditor
 * instance sees every apply; a record it cannot decode is skipped (the audit projection dead-letters it).
 *
 * <p>A {@link KafkaFollower} (hand-assigned from the end), not a Spring Kafka listener container, for one reason:
 * {@link #start()} returns once the end positions are fixed, so no apply completed after the service started is
 * missed; a container resolves its positions later, on its own thread.
 */
public final class AppliesFollower implements Follower<ApplyEvent>, CompletedApplies {

    private static final Logger LOG = LoggerFactory.getLogger(AppliesFollower.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Consumer<String> applied;
    private final KafkaFollower<ApplyEvent> follower;

    public AppliesFollower(KafkaEdge edge, Consumer<String> applied) {
        this.applied = applied;
        this.follower = edge.follower(FollowerSpec.of("drift-applies-follower", OffsetPolicy.fromEnd(),
                        edge.skipping(record -> { }), TopicCatalogue.APPLIES.name())
                .withClientId("drift-auditor-applies").withPollTimeout(Duration.ofMillis(500)),
                edge.decoding(ApplyEvent.class), this);
    }

    /** Starts following and waits (bounded) until the end positions are fixed. */
    @Override
    public void start() {
        follower.start();
        try {
            if (!follower.awaitCaughtUp(START_TIMEOUT)) {
                LOG.warn("{} positions not fixed within {}; applies completed meanwhile may be audited at the "
                        + "next interval", TopicCatalogue.APPLIES.name(), START_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onRecord(Delivery<ApplyEvent> delivery) {
        ApplyEvent event = delivery.value();
        if (event != null && event.getPayload() instanceof ApplyCompleted completed) {
            applied.accept(completed.getCluster());
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
