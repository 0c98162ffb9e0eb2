package io.shiplog.applier.replay;

import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ApplyStatus;
import io.shiplog.schemas.serde.AvroRecordDecoder;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the log says a cluster had: the partition of {@code shiplog.applies} that holds the cluster's key,
 * from offset 0 to its current end, for the last successful {@code ApplyCompleted} at or before a time. Records
 * that cannot be decoded are skipped here (the live consumers dead-letter them).
 */
public final class AppliesHistory {

    private static final Logger LOG = LoggerFactory.getLogger(AppliesHistory.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final AvroRecordDecoder decoder;

    /** @param consumers new consumers without a group (partitions are assigned by hand) */
    public AppliesHistory(Supplier<Consumer<byte[], byte[]>> consumers, AvroRecordDecoder decoder) {
        this.consumers = consumers;
        this.decoder = decoder;
    }

    /** The last successful apply of {@code cluster} at or before {@code at} (null: the last one of all). */
    public Optional<RecordedCommit> lastSuccessful(String cluster, Instant at) {
        RecordedCommit found = null;
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            String topic = TopicCatalogue.APPLIES.name();
            int partitions = consumer.partitionsFor(topic, TIMEOUT).size();
            byte[] key = cluster.getBytes(StandardCharsets.UTF_8);
            TopicPartition partition = new TopicPartition(topic, Utils.toPositive(Utils.murmur2(key)) % partitions);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
            long deadline = System.nanoTime() + TIMEOUT.multipliedBy(5).toNanos();
            while (consumer.position(partition, TIMEOUT) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end || record.key() == null
                            || !cluster.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                        continue;
                    }
                    RecordedCommit commit = successful(record, at);
                    if (commit != null) {
                        found = commit;
                    }
                }
            }
        }
        LOG.info("cluster {}: last successful apply in the log at or before {}: {}", cluster,
                at == null ? "now" : at, found == null ? "none" : found.sha());
        return Optional.ofNullable(found);
    }

    private RecordedCommit successful(ConsumerRecord<byte[], byte[]> record, Instant at) {
        Object value;
        try {
            value = decoder.decode(record);
        } catch (RuntimeException e) {
            return null;
        }
        if (value instanceof ApplyEvent event && event.getPayload() instanceof ApplyCompleted completed
                && completed.getStatus() == ApplyStatus.SUCCEEDED
                && (at == null || !event.getMeta().getOccurredAt().isAfter(at))) {
            return new RecordedCommit(completed.getConfigRepo(), completed.getBranch(), completed.getCommitSha(),
                    event.getMeta().getOccurredAt());
        }
        return null;
    }

}
