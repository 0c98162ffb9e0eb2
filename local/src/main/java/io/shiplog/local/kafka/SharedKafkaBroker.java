package io.shiplog.local.kafka;

import io.shiplog.local.support.JvmShared;

final class SharedKafkaBroker {

    static final JvmShared<KafkaBroker> BROKER = new JvmShared<>("kafka", KafkaBroker::start);

    private SharedKafkaBroker() {
    }
}
