package io.shiplog.local.oci;

import io.shiplog.local.support.JvmShared;

final class SharedContainerRegistry {

    static final JvmShared<ContainerRegistry> REGISTRY = new JvmShared<>("docker-registry", ContainerRegistry::start);

    private SharedContainerRegistry() {
    }
}
