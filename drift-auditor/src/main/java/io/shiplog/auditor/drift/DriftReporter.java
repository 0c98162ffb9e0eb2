package io.shiplog.auditor.drift;

import java.time.Instant;

/** Where drift findings go ({@code shiplog.drift}, and {@code shiplog.commands} for corrections). */
public interface DriftReporter {

    /** Publishes {@code change}; answers the event id it was published under. */
    String report(DriftChange change);

    void auditCompleted(AuditSummary summary);

    void auditFailed(String cluster, Instant startedAt, String reason);

    /** Asks the cluster's applier to apply git again. */
    void requestResync(String cluster, String reason);
}
