package io.shiplog.auditor.drift;

import io.shiplog.cluster.manifest.ObjectKey;
import java.time.Instant;

/** What a check found that the log does not know yet: a new (or changed) drift, or a drift that is gone. */
public sealed interface DriftChange {

    String cluster();

    /** Drift seen for the first time, or with different fields than last reported. */
    record Detected(String cluster, String commitSha, ObjectDrift drift, boolean correctionRequested)
            implements DriftChange {
    }

    /** Live matches git again (or the object left git). */
    record Resolved(String cluster, ObjectKey key, String version, ObjectDrift.Kind kind, String detectedEventId,
                    Instant detectedAt) implements DriftChange {
    }
}
