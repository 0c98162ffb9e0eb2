package io.shiplog.applier.replay;

import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ApplyStatus;
import io.shiplog.schemas.kafka.KafkaEdge;
import io.shiplog.schemas.kafka.LogReader;
import io.shiplog.schemas.serde.AvroRecordDecoder;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the log says a cluster had: the partition of {@code shiplog.applies} that holds the cluster's key,
 * from offset 0 to its current end, for the last successful {@code ApplyCompleted} at or before a time. A
 * {@link LogReader} read (no group, nothing committed); records that cannot be decoded are skipped here (the live
 * consumers dead-letter them).
 */
public final class AppliesHistory {

    private static final Logger LOG = LoggerFactory.getLogger(AppliesHistory.class);

    private final LogReader reader;
    private final AvroRecordDecoder decoder;

    public AppliesHistory(LogReader reader, AvroRecordDecoder decoder) {
        this.reader = reader;
        this.decoder = decoder;
    }

    /** The history read through {@code edge}: by hand-assigned partition (no group; a consumer per read). */
    public static AppliesHistory from(KafkaEdge edge) {
        LogReader reader = edge.reader("applier-replay-history", Duration.ofSeconds(60), Duration.ofMinutes(5));
        return new AppliesHistory(reader, edge.decoder());
    }

    /** The last successful apply of {@code cluster} at or before {@code at} (null: the last one of all). */
    public Optional<RecordedCommit> lastSuccessful(String cluster, Instant at) {
        AtomicReference<RecordedCommit> found = new AtomicReference<>();
        LogReader.Summary summary = reader.read(LogReader.Range.ofKey(TopicCatalogue.APPLIES.name(), cluster),
                decoder::decode, (record, value) -> {
                    if (value instanceof ApplyEvent event && event.getPayload() instanceof ApplyCompleted completed
                            && completed.getStatus() == ApplyStatus.SUCCEEDED
                            && (at == null || !event.getMeta().getOccurredAt().isAfter(at))) {
                        found.set(new RecordedCommit(completed.getConfigRepo(), completed.getBranch(),
                                completed.getCommitSha(), event.getMeta().getOccurredAt()));
                    }
                });
        RecordedCommit commit = found.get();
        LOG.info("cluster {}: last successful apply in the log at or before {}: {}{}", cluster,
                at == null ? "now" : at, commit == null ? "none" : commit.sha(),
                summary.complete() ? "" : " (the read stopped before the end of the partition)");
        return Optional.ofNullable(commit);
    }
}
