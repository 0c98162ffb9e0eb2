package io.shiplog.auditor.drift;

import static org.awaitility.Awaitility.await;

import io.shiplog.events.AuditCompleted;
import io.shiplog.events.AuditFailed;
import io.shiplog.events.Command;
import io.shiplog.events.DriftDetected;
import io.shiplog.events.DriftEvent;
import io.shiplog.events.DriftResolved;
import io.shiplog.events.ResyncCluster;
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

/** What the drift-auditor writes to {@code shiplog.drift} and {@code shiplog.commands} from now on, in order. */
final class DriftLog implements AutoCloseable {

    private final TopicTail tail;

    DriftLog() {
        TopicProvisioner.provisionCatalogue(KafkaBroker.shared().bootstrapServers());
        tail = TopicTail.fromEnd(KafkaBroker.shared().bootstrapServers(),
                ShiplogAvroDeserializer.specificReaderConfig(SchemaRegistry.shared().url()),
                List.of(TopicCatalogue.DRIFT.name(), TopicCatalogue.COMMANDS.name()));
    }

    /** The event id a drift payload was published under. */
    String eventId(Object payload) {
        for (TopicTail.Received r : tail.received()) {
            if (r.value() instanceof DriftEvent d && d.getPayload() == payload) {
                return d.getMeta().getEventId();
            }
        }
        return null;
    }

    /** Every record value as text. */
    String allText() {
        return tail.allText();
    }

    <T> List<T> all(Class<T> type, Predicate<T> filter) {
        List<T> matching = new ArrayList<>();
        for (TopicTail.Received r : tail.received()) {
            Object payload = r.value() instanceof DriftEvent d ? d.getPayload()
                    : r.value() instanceof Command c ? c.getPayload() : r.value();
            if (type.isInstance(payload) && filter.test(type.cast(payload))) {
                matching.add(type.cast(payload));
            }
        }
        return matching;
    }

    List<DriftDetected> detected(String cluster, String name) {
        return all(DriftDetected.class, d -> d.getCluster().equals(cluster) && d.getObject().getName().equals(name));
    }

    DriftDetected awaitDetected(String cluster, String name, Predicate<DriftDetected> matching) {
        return await("DriftDetected of " + name + " on " + cluster).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> detected(cluster, name).stream().filter(matching).findFirst().orElse(null),
                        d -> d != null);
    }

    DriftResolved awaitResolved(String cluster, String name) {
        return await("DriftResolved of " + name + " on " + cluster).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> all(DriftResolved.class, r -> r.getCluster().equals(cluster)
                        && r.getObject().getName().equals(name)).stream().findFirst().orElse(null), r -> r != null);
    }

    AuditCompleted awaitAudit(String cluster, Predicate<AuditCompleted> matching) {
        return await("AuditCompleted of " + cluster).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> all(AuditCompleted.class, a -> a.getCluster().equals(cluster) && matching.test(a))
                        .stream().reduce((a, b) -> b).orElse(null), a -> a != null);
    }

    /** The AuditCompleted of {@code cluster} that follows the {@code seen} ones it had. */
    AuditCompleted awaitNextAudit(String cluster, int seen) {
        return await("AuditCompleted #" + (seen + 1) + " of " + cluster).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    List<AuditCompleted> audits = all(AuditCompleted.class, a -> a.getCluster().equals(cluster));
                    return audits.size() > seen ? audits.get(seen) : null;
                }, a -> a != null);
    }

    AuditFailed awaitAuditFailed(String cluster) {
        return await("AuditFailed of " + cluster).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> all(AuditFailed.class, a -> a.getCluster().equals(cluster)).stream().findFirst()
                        .orElse(null), a -> a != null);
    }

    List<ResyncCluster> resyncs(String cluster) {
        return all(ResyncCluster.class, r -> r.getCluster().equals(cluster));
    }

    @Override
    public void close() {
        tail.close();
    }
}
