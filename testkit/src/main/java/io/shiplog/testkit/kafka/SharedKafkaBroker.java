package io.shiplog.testkit.kafka;

import io.shiplog.testkit.support.JvmShared;

final class SharedKafkaBroker {

    static final JvmShared<KafkaBroker> BROKER = new JvmShared<>("kafka", KafkaBroker::start);

    private SharedKafkaBroker() {
    }
}
