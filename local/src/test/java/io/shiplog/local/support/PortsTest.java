package io.shiplog.local.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void freePortsAreBindableDistinctAndOutsideTheRangeOfOutgoingConnections() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = Ports.freePort();
            assertThat(port).isBetween(Ports.LOWEST, Ports.outgoingRangeStart() - 1);
            assertThat(Ports.isFree(port)).isTrue();
            ports.add(port);
        }
        assertThat(ports).hasSize(50);
    }
}
