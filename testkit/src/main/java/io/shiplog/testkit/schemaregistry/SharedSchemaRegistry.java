package io.shiplog.testkit.schemaregistry;

import io.shiplog.testkit.kafka.KafkaBroker;
import io.shiplog.testkit.support.JvmShared;

final class SharedSchemaRegistry {

    static final JvmShared<SchemaRegistry> REGISTRY =
            new JvmShared<>("schema-registry", () -> SchemaRegistry.start(KafkaBroker.shared()));

    private SharedSchemaRegistry() {
    }
}
