package io.shiplog.testkit.kafka;

final class SharedKafkaBroker {

    private static KafkaBroker broker;

    private SharedKafkaBroker() {
    }

    static synchronized KafkaBroker get() {
        if (broker == null) {
            KafkaBroker started = KafkaBroker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-shared-kafka"));
            broker = started;
        }
        return broker;
    }
}
