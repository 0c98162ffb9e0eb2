package io.shiplog.auditor.drift;

import java.time.Instant;

/** The counts of one full audit of one cluster. */
public record AuditSummary(String cluster, String commitSha, Instant startedAt, long durationMs, int objectsChecked,
                           int inSync, int modified, int deleted, int unmanaged) {
}
