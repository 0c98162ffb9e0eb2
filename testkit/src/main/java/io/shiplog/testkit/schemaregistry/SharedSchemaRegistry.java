package io.shiplog.testkit.schemaregistry;

import io.shiplog.testkit.kafka.KafkaBroker;

final class SharedSchemaRegistry {

    private static SchemaRegistry registry;

    private SharedSchemaRegistry() {
    }

    static synchronized SchemaRegistry get() {
        if (registry == null) {
            SchemaRegistry started = SchemaRegistry.start(KafkaBroker.shared());
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-shared-schema-registry"));
            registry = started;
        }
        return registry;
    }
}
