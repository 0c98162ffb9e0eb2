package io.shiplog.auditor.drift;

/**
 * Tells the {@link DriftService} which cluster completed an apply, so that cluster is audited at once rather than at
 * its next interval. Started with the service and closed when it stops; the service's Kafka adapter
 * ({@code drift.events.AppliesFollower}) follows {@code shiplog.applies} for it.
 */
public interface CompletedApplies extends AutoCloseable {

    /** Starts following; returns once no apply completed from now on can be missed (or a bounded wait ran out). */
    void start();

    @Override
    void close();
}
