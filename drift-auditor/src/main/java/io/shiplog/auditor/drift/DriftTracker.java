package io.shiplog.auditor.drift;

import io.shiplog.cluster.manifest.ObjectKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The open drifts of one cluster, so each is reported once when it appears (again when its fields change) and once
 * when it is gone. Rebuilt from {@code shiplog.drift} at start-up, so a restart reports nothing twice.
 */
public final class DriftTracker {

    /** A reported drift that has not been resolved. */
    public record Open(ObjectDrift drift, String eventId, Instant detectedAt) {
    }

    private final String cluster;
    private final Map<ObjectKey, Open> open = new HashMap<>();
    private volatile int openCount;

    public DriftTracker(String cluster, Map<ObjectKey, Open> restored) {
        this.cluster = cluster;
        open.putAll(restored);
        openCount = open.size();
    }

    /** How many drifts are open now (readable from any thread, for the {@code shiplog.drift.open} gauge). */
    public int openCount() {
        return openCount;
    }

    /**
     * The changes after checking {@code checked} and finding {@code found} among them; open drifts of checked
     * objects not found again are resolved.
     */
    public List<DriftChange> changes(String commitSha, Collection<ObjectKey> checked, Collection<ObjectDrift> found,
                                     boolean correct) {
        List<DriftChange> changes = new ArrayList<>();
        Map<ObjectKey, ObjectDrift> byKey = new HashMap<>();
        found.forEach(d -> byKey.put(d.key(), d));
        for (ObjectDrift drift : found) {
            Open known = open.get(drift.key());
            if (known == null || !known.drift().equals(drift)) {
                changes.add(new DriftChange.Detected(cluster, commitSha, drift, correct && drift.correctable()));
            }
        }
        for (ObjectKey key : checked) {
            Open known = open.get(key);
            if (known != null && !byKey.containsKey(key)) {
                changes.add(resolved(known));
            }
        }
        return changes;
    }

    /** Resolves every open drift outside {@code stillRelevant} (objects that left git and the inventory). */
    public List<DriftChange> forgetAllBut(Set<ObjectKey> stillRelevant) {
        List<DriftChange> changes = new ArrayList<>();
        open.forEach((key, known) -> {
            if (!stillRelevant.contains(key)) {
                changes.add(resolved(known));
            }
        });
        return changes;
    }

    /** Records that {@code change} was published as event {@code eventId} at {@code at}. */
    public void published(DriftChange change, String eventId, Instant at) {
        if (change instanceof DriftChange.Detected detected) {
            Open previous = open.get(detected.drift().key());
            // a drift whose fields changed keeps the time it was first seen, for time-to-restore
            Instant since = previous == null ? at : previous.detectedAt();
            open.put(detected.drift().key(), new Open(detected.drift(), eventId, since));
        } else if (change instanceof DriftChange.Resolved resolved) {
            open.remove(resolved.key());
        }
        openCount = open.size();
    }

    public Collection<Open> open() {
        return List.copyOf(open.values());
    }

    public boolean hasCorrectableDrift() {
        return open.values().stream().anyMatch(o -> o.drift().correctable());
    }

    private DriftChange.Resolved resolved(Open known) {
        return new DriftChange.Resolved(cluster, known.drift().key(), known.drift().version(), known.drift().kind(),
                known.eventId(), known.detectedAt());
    }
}
