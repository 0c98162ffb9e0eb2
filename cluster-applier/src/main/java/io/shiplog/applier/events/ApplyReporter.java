package io.shiplog.applier.events;

/** Where apply reports go; {@link KafkaApplyReporter} writes them to {@code shiplog.applies}. */
@FunctionalInterface
public interface ApplyReporter {

    /** Publishes {@code report}; returns once the log has it. */
    void report(ApplyReport report);
}
