package io.shiplog.applier.support;

import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.testing.TestKafka;

/** The shared broker's producer ({@link TestKafka#events()}) under the name the cli's replay tests use. */
public final class Kafka {

    private Kafka() {
    }

    public static EventSink events() {
        return TestKafka.events();
    }
}
