package io.shiplog.applier.events;

import io.shiplog.applier.reconcile.ApplyReport;
import io.shiplog.applier.reconcile.ApplyReporter;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.Meta;
import io.shiplog.schemas.event.EventCause;
import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes apply reports to {@code shiplog.applies}, keyed by cluster, carrying on the release of the event that
 * caused them (a resync starts its own).
 */
public final class KafkaApplyReporter implements ApplyReporter {

    /** Under Kafka's default 1 MiB of {@code max.request.size} and {@code max.message.bytes}. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1_000_000;

    private static final Logger LOG = LoggerFactory.getLogger(KafkaApplyReporter.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final EventSink sink;
    private final MetaFactory metaFactory;
    private final int maxRecordBytes;

    public KafkaApplyReporter(EventSink sink, MetaFactory metaFactory) {
        this(sink, metaFactory, DEFAULT_MAX_RECORD_BYTES);
    }

    /** @param maxRecordBytes largest record the producer and the topic accept; a larger report is summarised */
    public KafkaApplyReporter(EventSink sink, MetaFactory metaFactory, int maxRecordBytes) {
        this.sink = sink;
        this.metaFactory = metaFactory;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public void report(ApplyReport report) {
        EventCause cause = report.cause();
        Meta meta = cause == null ? metaFactory.root() : metaFactory.causedBy(cause.correlationId(), cause.eventId());
        ApplyEvent event = ApplyEventConverter.toAvro(report, meta);
        ApplyEvent fitted = CompletedFit.fit(event, maxRecordBytes);
        if (fitted != event && fitted.getPayload() instanceof ApplyCompleted summary) {
            LOG.warn("cluster {} commit {}: the ApplyCompleted of {} objects is over {} bytes, so it carries the "
                    + "counts and {} object results ({} left out: unchanged, configured and created ones first)",
                    report.cluster(), summary.getCommitSha(), summary.getResults().size()
                            + summary.getOmittedResults(), maxRecordBytes, summary.getResults().size(),
                    summary.getOmittedResults());
        }
        try {
            sink.send(TopicCatalogue.APPLIES.name(), report.cluster(), fitted)
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
