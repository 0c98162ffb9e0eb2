package io.shiplog.testkit.oci;

final class SharedContainerRegistry {

    private static ContainerRegistry registry;

    private SharedContainerRegistry() {
    }

    static synchronized ContainerRegistry get() {
        if (registry == null) {
            ContainerRegistry started = ContainerRegistry.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-shared-docker-registry"));
            registry = started;
        }
        return registry;
    }
}
