package io.shiplog.local.oci;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContainerRegistryTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(ContainerRegistry.BINARY_PROPERTY);
    }

    @Test
    void failsFastNamingAConfiguredBinaryThatIsNotExecutable() {
        System.setProperty(ContainerRegistry.BINARY_PROPERTY, "/nonexistent/docker-registry");

        assertThatThrownBy(ContainerRegistry::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nonexistent/docker-registry").hasMessageContaining("not an executable");
    }
}
