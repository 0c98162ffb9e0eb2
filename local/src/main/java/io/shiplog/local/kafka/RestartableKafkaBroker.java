package io.shiplog.local.kafka;

/**
 * An in-JVM broker that can be stopped and started again on the same data directory and ports, keeping its topics,
 * records, committed offsets, credentials and ACLs (a broker restart as an operator would do it).
 */
public interface RestartableKafkaBroker extends KafkaBroker {

    /** Shuts the broker down cleanly and waits until it has; clients see it gone. Does nothing when stopped. */
    void stop();

    /** Starts the stopped broker again on the same directory and ports and waits until it answers. */
    void start();

    /** Whether the broker is running (started and not stopped or closed). */
    boolean isRunning();
}
