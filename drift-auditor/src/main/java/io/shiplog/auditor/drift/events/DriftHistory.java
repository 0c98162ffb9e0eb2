package io.shiplog.auditor.drift.events;

import io.shiplog.auditor.drift.DriftTracker;
import io.shiplog.cluster.manifest.ObjectKey;
import io.shiplog.events.DriftDetected;
import io.shiplog.events.DriftEvent;
import io.shiplog.events.DriftResolved;
import io.shiplog.schemas.kafka.LogReader;
import io.shiplog.schemas.serde.AvroRecordDecoder;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open drifts the log records, read from {@code shiplog.drift} from offset 0 to its end at start-up (a
 * {@link LogReader} read: no group, nothing committed), so a restarted auditor neither reports a known drift again
 * nor forgets to resolve one.
 */
public final class DriftHistory {

    private static final Logger LOG = LoggerFactory.getLogger(DriftHistory.class);

    private DriftHistory() {
    }

    /** Cluster → object → open drift, for {@code clusters}; undecodable records are skipped and counted. */
    public static Map<String, Map<ObjectKey, DriftTracker.Open>> read(LogReader reader, AvroRecordDecoder decoder,
                                                                       Set<String> clusters) {
        Map<String, Map<ObjectKey, DriftTracker.Open>> open = new HashMap<>();
        LogReader.Summary summary = reader.read(LogReader.Range.wholeTopic(TopicCatalogue.DRIFT.name())
                .keys(clusters::contains), record -> decoder.decode(record, DriftEvent.class),
                (record, event) -> apply(event, open));
        if (!summary.complete()) {
            throw new IllegalStateException("could not read " + TopicCatalogue.DRIFT.name() + " to its end at "
                    + "start-up; open drifts would be reported again");
        }
        LOG.info("read {} drift events: {} open drifts on {} clusters{}", summary.read(),
                open.values().stream().mapToInt(Map::size).sum(), open.size(),
                summary.undecodable() == 0 ? "" : ", " + summary.undecodable() + " undecodable records skipped");
        return open;
    }

    private static void apply(DriftEvent event, Map<String, Map<ObjectKey, DriftTracker.Open>> open) {
        if (event == null) {
            return;
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
