package io.shiplog.testkit.oci;

import io.shiplog.testkit.support.JvmShared;

final class SharedContainerRegistry {

    static final JvmShared<ContainerRegistry> REGISTRY = new JvmShared<>("docker-registry", ContainerRegistry::start);

    private SharedContainerRegistry() {
    }
}
