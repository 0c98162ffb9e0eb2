package io.shiplog.applier.events;

import io.shiplog.applier.reconcile.ApplyReport;
import io.shiplog.applier.reconcile.ApplyReporter;
import io.shiplog.events.Meta;
import io.shiplog.schemas.event.EventCause;
import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes apply reports to {@code shiplog.applies}, keyed by cluster, carrying on the release of the event that
 * caused them (a resync starts its own).
 */
public final class KafkaApplyReporter implements ApplyReporter {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final EventSink sink;
    private final MetaFactory metaFactory;

    public KafkaApplyReporter(EventSink sink, MetaFactory metaFactory) {
        this.sink = sink;
        this.metaFactory = metaFactory;
    }

    @Override
    public void report(ApplyReport report) {
        EventCause cause = report.request().cause();
        Meta meta = cause == null ? metaFactory.root() : metaFactory.causedBy(cause.correlationId(), cause.eventId());
        try {
            sink.send(TopicCatalogue.APPLIES.name(), report.cluster(), ApplyEventConverter.toAvro(report, meta))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reporting " + report.getClass().getSimpleName()
                    + " of cluster " + report.cluster(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write " + report.getClass().getSimpleName() + " of cluster "
                    + report.cluster() + " to " + TopicCatalogue.APPLIES.name() + ": " + e, e);
        }
    }
}
