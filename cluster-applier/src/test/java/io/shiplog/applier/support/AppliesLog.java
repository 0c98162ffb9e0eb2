package io.shiplog.applier.support;

import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ApplyFailed;
import io.shiplog.events.ApplyStarted;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.schemas.testing.EventLog;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the appliers publish on {@code shiplog.applies} from the log's creation on ({@link EventLog}), by cluster, and
 * the text of every record value, to check what never appears in them.
 */
public final class AppliesLog implements AutoCloseable {

    private final EventLog log = EventLog.fromEnd(TopicCatalogue.APPLIES);

    public List<ApplyEvent> events() {
        return log.entries().stream().map(EventLog.Entry::value).filter(ApplyEvent.class::isInstance)
                .map(ApplyEvent.class::cast).toList();
    }

    /** Every record value as text (Avro's JSON-like rendering). */
    public String allText() {
        return log.allText();
    }

    public List<ApplyCompleted> completed(String cluster) {
        return log.payloads(ApplyCompleted.class, c -> c.getCluster().equals(cluster));
    }

    public List<ApplyStarted> started(String cluster) {
        return log.payloads(ApplyStarted.class, c -> c.getCluster().equals(cluster));
    }

    public List<ApplyFailed> failed(String cluster) {
        return log.payloads(ApplyFailed.class, c -> c.getCluster().equals(cluster));
    }

    /** Waits for the ApplyCompleted of {@code cluster} at {@code sha} with {@code trigger} (the last, if several). */
    public ApplyCompleted awaitCompleted(String cluster, String sha, ApplyTrigger trigger) {
        return log.await("ApplyCompleted of " + cluster + " at " + sha + " (" + trigger + ")", () -> completed(cluster)
                .stream().filter(c -> c.getCommitSha().equals(sha) && c.getTrigger() == trigger)
                .reduce((a, b) -> b).orElse(null));
    }

    /** Waits for the next ApplyCompleted of {@code cluster} after the {@code seen} ones it had. */
    public ApplyCompleted awaitNextCompleted(String cluster, int seen) {
        return log.await("ApplyCompleted #" + (seen + 1) + " of " + cluster, () -> {
            List<ApplyCompleted> completed = completed(cluster);
            return completed.size() > seen ? completed.get(seen) : null;
        });
    }

    /** Waits for the first ApplyFailed of {@code cluster} that matches {@code filter}. */
    public ApplyFailed awaitFailed(String cluster, String what, Predicate<ApplyFailed> filter) {
        return log.await("ApplyFailed of " + cluster + " (" + what + ")", () -> failed(cluster).stream().filter(filter)
                .findFirst().orElse(null));
    }

    public ApplyFailed awaitFailed(String cluster) {
        return log.await("ApplyFailed of " + cluster, () -> failed(cluster).stream().findFirst().orElse(null));
    }

    @Override
    public void close() {
        log.close();
    }
}
