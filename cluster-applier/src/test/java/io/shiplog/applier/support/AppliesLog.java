package io.shiplog.applier.support;

import static org.awaitility.Awaitility.await;

import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ApplyFailed;
import io.shiplog.events.ApplyStarted;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.schemas.serde.ShiplogAvroDeserializer;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicProvisioner;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.kafka.TopicTail;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads {@code shiplog.applies} from its end at creation, in the background, so tests can wait for the events
 * their clusters produce. Also keeps the raw text of every record value, to check what never appears in them.
 */
public final class AppliesLog implements AutoCloseable {

    private final TopicTail tail;

    public AppliesLog() {
        TopicProvisioner.provisionCatalogue(KafkaBroker.shared().bootstrapServers());
        tail = TopicTail.fromEnd(KafkaBroker.shared().bootstrapServers(),
                ShiplogAvroDeserializer.specificReaderConfig(SchemaRegistry.shared().url()),
                List.of(TopicCatalogue.APPLIES.name()));
    }

    public List<ApplyEvent> events() {
        return tail.values(ApplyEvent.class, e -> true);
    }

    /** Every record value as text (Avro's JSON-like rendering). */
    public String allText() {
        return tail.allText();
    }

    public List<ApplyCompleted> completed(String cluster) {
        return payloads(ApplyCompleted.class, c -> c.getCluster().equals(cluster));
    }

    public List<ApplyStarted> started(String cluster) {
        return payloads(ApplyStarted.class, c -> c.getCluster().equals(cluster));
    }

    public List<ApplyFailed> failed(String cluster) {
        return payloads(ApplyFailed.class, c -> c.getCluster().equals(cluster));
    }

    /** Waits for the ApplyCompleted of {@code cluster} at {@code sha} with {@code trigger}. */
    public ApplyCompleted awaitCompleted(String cluster, String sha, ApplyTrigger trigger) {
        return await("ApplyCompleted of " + cluster + " at " + sha + " (" + trigger + ")")
                .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> completed(cluster).stream()
                        .filter(c -> c.getCommitSha().equals(sha) && c.getTrigger() == trigger)
                        .reduce((a, b) -> b).orElse(null), c -> c != null);
    }

    /** Waits for the next ApplyCompleted of {@code cluster} after the {@code seen} ones it had. */
    public ApplyCompleted awaitNextCompleted(String cluster, int seen) {
        return await("ApplyCompleted #" + (seen + 1) + " of " + cluster).atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> completed(cluster).size() > seen ? completed(cluster).get(seen) : null, c -> c != null);
    }

    public ApplyFailed awaitFailed(String cluster) {
        return await("ApplyFailed of " + cluster).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> failed(cluster).stream().findFirst().orElse(null), f -> f != null);
    }

    private <T> List<T> payloads(Class<T> type, Predicate<T> filter) {
        List<T> matching = new ArrayList<>();
        for (ApplyEvent event : events()) {
            if (type.isInstance(event.getPayload()) && filter.test(type.cast(event.getPayload()))) {
                matching.add(type.cast(event.getPayload()));
            }
        }
        return matching;
    }

    @Override
    public void close() {
        tail.close();
    }
}
