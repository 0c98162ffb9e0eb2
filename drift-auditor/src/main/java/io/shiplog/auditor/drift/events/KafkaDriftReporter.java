package io.shiplog.auditor.drift.events;

import io.shiplog.auditor.drift.AuditSummary;
import io.shiplog.auditor.drift.DriftChange;
import io.shiplog.auditor.drift.DriftReporter;
import io.shiplog.events.Command;
import io.shiplog.events.Meta;
import io.shiplog.events.ResyncCluster;
import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;

/** Publishes drift on {@code shiplog.drift} and corrections on {@code shiplog.commands}, keyed by cluster. */
public final class KafkaDriftReporter implements DriftReporter {

    private static final long SEND_TIMEOUT_MS = 30_000;

    private final EventSink sink;
    private final MetaFactory metaFactory;
    private final String requestedBy;

    public KafkaDriftReporter(EventSink sink, MetaFactory metaFactory) {
        this.sink = sink;
        this.metaFactory = metaFactory;
        this.requestedBy = metaFactory.producer();
    }

    @Override
    public String report(DriftChange change) {
        Meta meta = metaFactory.root();
        send(TopicCatalogue.DRIFT.name(), change.cluster(), DriftEventConverter.toAvro(change, meta));
        return meta.getEventId();
    }

    @Override
    public void auditCompleted(AuditSummary summary) {
        send(TopicCatalogue.DRIFT.name(), summary.cluster(), DriftEventConverter.toAvro(summary, metaFactory.root()));
    }

    @Override
    public void auditFailed(String cluster, Instant startedAt, String reason) {
        send(TopicCatalogue.DRIFT.name(), cluster,
                DriftEventConverter.auditFailed(cluster, startedAt, reason, metaFactory.root()));
    }

    @Override
    public void requestResync(String cluster, String reason) {
        Command command = Command.newBuilder().setMeta(metaFactory.root()).setPayload(ResyncCluster.newBuilder()
                .setCluster(cluster).setRequestedBy(requestedBy).setReason(reason).build()).build();
        send(TopicCatalogue.COMMANDS.name(), cluster, command);
    }

    private void send(String topic, String key, SpecificRecord value) {
        try {
            sink.send(topic, key, value).get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + topic + " for cluster " + key, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write to " + topic + " for cluster " + key + ": " + e, e);
        }
    }
}
