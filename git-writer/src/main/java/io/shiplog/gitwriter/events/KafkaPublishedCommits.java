package io.shiplog.gitwriter.events;

import io.shiplog.events.CommitEvent;
import io.shiplog.events.CommitObserved;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.gitwriter.release.CommitEvents;
import io.shiplog.gitwriter.release.PublishedCommits;
import io.shiplog.schemas.serde.AvroRecordDecoder;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads {@code shiplog.commits} back: the partition of a config repository's key from the first record at or after a
 * time up to the end, collecting the shas of its {@code ManifestsCommitted} / {@code CommitObserved}. One consumer
 * (no group, nothing committed) shared by the repositories' loops. Read-committed, so it sees only what is out.
 */
public final class KafkaPublishedCommits implements PublishedCommits, AutoCloseable {

    private static final Duration READ_BOUND = Duration.ofSeconds(30);

    private final Consumer<byte[], byte[]> consumer;
    private final AvroRecordDecoder decoder;

    public KafkaPublishedCommits(Consumer<byte[], byte[]> consumer, AvroRecordDecoder decoder) {
        this.consumer = consumer;
        this.decoder = decoder;
    }

    /** The partition a key goes to under Kafka's default partitioner. */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public synchronized Set<String> since(String configRepo, String branch, Instant since)
            throws CommitEvents.EventsUnavailableException {
        String key = configRepo + "#" + branch;
        try {
            int partitions = consumer.partitionsFor(TopicCatalogue.COMMITS.name()).size();
            TopicPartition partition = new TopicPartition(TopicCatalogue.COMMITS.name(), partitionOf(key, partitions));
            consumer.assign(List.of(partition));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(
                    Map.of(partition, since.toEpochMilli()));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            Set<String> shas = new HashSet<>();
            if (start.get(partition) == null) {
                return shas;
            }
            consumer.seek(partition, start.get(partition).offset());
            long deadline = System.nanoTime() + READ_BOUND.toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new CommitEvents.EventsUnavailableException("reading " + partition + " back did not reach "
                            + "offset " + end + " within " + READ_BOUND, null);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && key.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                        shaOf(record, shas);
                    }
                }
            }
            return shas;
        } catch (KafkaException e) {
            throw new CommitEvents.EventsUnavailableException("cannot read " + TopicCatalogue.COMMITS.name()
                    + " back for " + key + ": " + e.getMessage(), e);
        }
    }

    private void shaOf(ConsumerRecord<byte[], byte[]> record, Set<String> shas) {
        try {
            CommitEvent event = decoder.decode(record, CommitEvent.class);
            if (event == null) {
                return;
            }
            if (event.getPayload() instanceof ManifestsCommitted c) {
                shas.add(c.getSha());
            } else if (event.getPayload() instanceof CommitObserved o) {
                shas.add(o.getSha());
            }
        } catch (RuntimeException e) {
            // not ours to judge: an undecodable record names no commit
        }
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
