package io.shiplog.applier.reconcile;

/**
 * Where apply reports go; the service's Kafka adapter ({@code events.KafkaApplyReporter}) writes them to
 * {@code shiplog.applies}.
 */
@FunctionalInterface
public interface ApplyReporter {

    /** Publishes {@code report}; returns once the log has it. */
    void report(ApplyReport report);
}
