package io.shiplog.local.schemaregistry;

import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.support.JvmShared;

final class SharedSchemaRegistry {

    static final JvmShared<SchemaRegistry> REGISTRY =
            new JvmShared<>("schema-registry", () -> SchemaRegistry.start(KafkaBroker.shared()));

    private SharedSchemaRegistry() {
    }
}
