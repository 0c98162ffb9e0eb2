package io.shiplog.auditor.drift.events;

import io.shiplog.auditor.drift.DriftTracker;
import io.shiplog.cluster.manifest.ObjectKey;
import io.shiplog.events.DriftDetected;
import io.shiplog.events.DriftEvent;
import io.shiplog.events.DriftResolved;
import io.shiplog.schemas.serde.AvroRecordDecoder;
import io.shiplog.schemas.serde.RecordDecodeException;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open drifts the log records, read from {@code shiplog.drift} from offset 0 to its end at start-up, so a
 * restarted auditor neither reports a known drift again nor forgets to resolve one.
 */
public final class DriftHistory {

    private static final Logger LOG = LoggerFactory.getLogger(DriftHistory.class);

    private DriftHistory() {
    }

    /** Cluster → object → open drift, for {@code clusters}; undecodable records are skipped and counted. */
    public static Map<String, Map<ObjectKey, DriftTracker.Open>> read(Consumer<byte[], byte[]> consumer,
                                                                       AvroRecordDecoder decoder,
                                                                       Set<String> clusters) {
        Map<String, Map<ObjectKey, DriftTracker.Open>> open = new HashMap<>();
        List<TopicPartition> partitions = consumer.partitionsFor(TopicCatalogue.DRIFT.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long read = 0;
        int skipped = 0;
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                read++;
                if (record.key() == null || !clusters.contains(new String(record.key(),
                        java.nio.charset.StandardCharsets.UTF_8))) {
                    continue;
                }
                DriftEvent event;
                try {
                    event = decoder.decode(record, DriftEvent.class);
                } catch (RecordDecodeException e) {
                    skipped++;
                    continue;
                }
                if (event == null) {
                    continue;
                }
                if (event.getPayload() instanceof DriftDetected detected) {
                    DriftTracker.Open o = DriftEventConverter.open(detected, event.getMeta());
                    Map<ObjectKey, DriftTracker.Open> byKey = open.computeIfAbsent(detected.getCluster(),
                            c -> new HashMap<>());
                    DriftTracker.Open previous = byKey.get(o.drift().key());
                    byKey.put(o.drift().key(), previous == null ? o
                            : new DriftTracker.Open(o.drift(), o.eventId(), previous.detectedAt()));
                } else if (event.getPayload() instanceof DriftResolved resolved) {
                    Map<ObjectKey, DriftTracker.Open> byKey = open.get(resolved.getCluster());
                    if (byKey != null) {
                        byKey.remove(DriftEventConverter.key(resolved.getObject()));
                    }
                }
            }
        }
        LOG.info("read {} drift events: {} open drifts on {} clusters{}", read,
                open.values().stream().mapToInt(Map::size).sum(), open.size(),
                skipped == 0 ? "" : ", " + skipped + " undecodable records skipped");
        return open;
    }
}
