package io.shiplog.dev.bench;

import io.shiplog.dev.services.Service;
import io.shiplog.local.oci.ContainerRegistry;
import io.shiplog.local.oci.NotificationEndpoint;
import io.shiplog.local.oci.RegistryOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a benchmark started, closed in reverse order at its end; and the pieces several benchmarks start alike. */
final class Opened implements AutoCloseable {

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final String bench;

    Opened(String bench) {
        this.bench = bench;
    }

    /** Keeps {@code resource} to close at the end and returns it. */
    <T extends AutoCloseable> T add(T resource) {
        resources.add(resource);
        return resource;
    }

    <T extends AutoCloseable> List<T> addAll(List<T> many) {
        resources.addAll(many);
        return many;
    }

    /**
     * The registry the services' releases start from: no auth, notifying the scanner's webhook at its port with
     * {@code token} for every manifest push.
     */
    ContainerRegistry notifyingRegistry(Map<Service, Integer> ports, String token) {
        return add(ContainerRegistry.start(RegistryOptions.defaults().withoutAuth().withoutReceiver()
                .withEndpoint(NotificationEndpoint.of(URI.create("http://127.0.0.1:"
                        + ports.get(Service.REGISTRY_SCANNER) + "/webhooks/registry"))
                        .withHeader("Authorization", "Bearer " + token).pushesOnly())));
    }

    /** Closes everything, the last opened first; a failure to close one is printed and the rest are closed. */
    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println(bench + ": closing " + resources.get(i) + " failed: " + e);
            }
        }
    }
}
