package io.shiplog.auditor.project;

import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ApplyFailed;
import io.shiplog.events.ApplyStarted;
import io.shiplog.events.AuditCompleted;
import io.shiplog.events.CommitEvent;
import io.shiplog.events.CommitObserved;
import io.shiplog.events.DriftDetected;
import io.shiplog.events.DriftEvent;
import io.shiplog.events.DriftResolved;
import io.shiplog.events.ImageEvent;
import io.shiplog.events.ManifestsCommitted;

/**
 * The strings of an envelope that the projection's writer looks up in its maps and sets (event ids, commit shas,
 * cluster names), hashed on the follower's thread as it reads the record: a {@link String} keeps its hash, so the
 * writer, the busier of the two threads, only compares them. Changes no value.
 */
final class LookupKeys {

    private LookupKeys() {
    }

    static void hash(Object envelope) {
        if (envelope instanceof ImageEvent e) {
            hash(e.getMeta().getEventId());
        } else if (envelope instanceof CommitEvent e) {
            hash(e.getMeta().getEventId());
            if (e.getPayload() instanceof ManifestsCommitted c) {
                hash(c.getSha());
                c.getCausingEventIds().forEach(LookupKeys::hash);
            } else if (e.getPayload() instanceof CommitObserved c) {
                hash(c.getSha());
            }
        } else if (envelope instanceof ApplyEvent e) {
            if (e.getPayload() instanceof ApplyCompleted c) {
                hash(c.getCluster());
                hash(c.getCommitSha());
                c.getSkippedCommits().forEach(LookupKeys::hash);
            } else if (e.getPayload() instanceof ApplyStarted s) {
                hash(s.getCluster());
            } else if (e.getPayload() instanceof ApplyFailed f) {
                hash(f.getCluster());
            }
        } else if (envelope instanceof DriftEvent e) {
            if (e.getPayload() instanceof DriftDetected d) {
                hash(d.getCluster());
            } else if (e.getPayload() instanceof DriftResolved r) {
                hash(r.getCluster());
            } else if (e.getPayload() instanceof AuditCompleted a) {
                hash(a.getCluster());
            }
        }
    }

    private static void hash(String key) {
        if (key != null) {
            key.hashCode();
        }
    }
}
