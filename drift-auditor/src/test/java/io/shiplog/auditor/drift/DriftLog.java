package io.shiplog.auditor.drift;

import io.shiplog.events.AuditCompleted;
import io.shiplog.events.AuditFailed;
import io.shiplog.events.DriftDetected;
import io.shiplog.events.DriftResolved;
import io.shiplog.events.ResyncCluster;
import io.shiplog.schemas.testing.EventLog;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.util.List;
import java.util.function.Predicate;

/** What the drift-auditor writes to {@code shiplog.drift} and {@code shiplog.commands} from now on, in order. */
final class DriftLog implements AutoCloseable {

    private final EventLog log = EventLog.fromEnd(TopicCatalogue.DRIFT, TopicCatalogue.COMMANDS);

    /** The event id a drift payload was published under. */
    String eventId(Object payload) {
        return log.eventIdOf(payload);
    }

    /** Every record value as text. */
    String allText() {
        return log.allText();
    }

    <T> List<T> all(Class<T> type, Predicate<T> filter) {
        return log.payloads(type, filter);
    }

    List<DriftDetected> detected(String cluster, String name) {
        return all(DriftDetected.class, d -> d.getCluster().equals(cluster) && d.getObject().getName().equals(name));
    }

    DriftDetected awaitDetected(String cluster, String name, Predicate<DriftDetected> matching) {
        return log.await("DriftDetected of " + name + " on " + cluster, () -> detected(cluster, name).stream()
                .filter(matching).findFirst().orElse(null));
    }

    DriftResolved awaitResolved(String cluster, String name) {
        return log.await(DriftResolved.class, r -> r.getCluster().equals(cluster)
                && r.getObject().getName().equals(name));
    }

    AuditCompleted awaitAudit(String cluster, Predicate<AuditCompleted> matching) {
        return log.await("AuditCompleted of " + cluster, () -> all(AuditCompleted.class,
                a -> a.getCluster().equals(cluster) && matching.test(a)).stream().reduce((a, b) -> b).orElse(null));
    }

    /** The AuditCompleted of {@code cluster} that follows the {@code seen} ones it had. */
    AuditCompleted awaitNextAudit(String cluster, int seen) {
        return log.await("AuditCompleted #" + (seen + 1) + " of " + cluster, () -> {
            List<AuditCompleted> audits = all(AuditCompleted.class, a -> a.getCluster().equals(cluster));
            return audits.size() > seen ? audits.get(seen) : null;
        });
    }

    AuditFailed awaitAuditFailed(String cluster) {
        return log.await(AuditFailed.class, a -> a.getCluster().equals(cluster));
    }

    List<ResyncCluster> resyncs(String cluster) {
        return all(ResyncCluster.class, r -> r.getCluster().equals(cluster));
    }

    @Override
    public void close() {
        log.close();
    }
}
