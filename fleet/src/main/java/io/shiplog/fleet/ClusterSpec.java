package io.shiplog.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code clusters[]}: a cluster Shiplog applies to, by {@code name}: which paths of which repository it runs, how to
 * connect, what it may touch, how often it is re-applied and checked for drift, and where the keys for its
 * SOPS-encrypted files are.
 */
public record ClusterSpec(String name, String repository, List<String> paths, ClusterConnection connection,
                          Optional<String> impersonate, String defaultNamespace, List<String> namespaces,
                          boolean clusterScoped, Optional<String> inventoryId, Duration resync,
                          Duration healthTimeout, boolean allowEmptyPrune, boolean suspended, DriftSpec drift,
                          Optional<DecryptionSpec> decryption) {

    public static final String DEFAULT_NAMESPACE = "default";
    public static final Duration DEFAULT_RESYNC = Duration.ofMinutes(5);
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(60);

    public ClusterSpec {
        paths = List.copyOf(paths);
        namespaces = List.copyOf(namespaces);
    }

    /** Whether objects in this namespace may be applied ({@code namespaces} empty: every namespace). */
    public boolean allowsNamespace(String namespace) {
        return namespaces.isEmpty() || namespaces.contains(namespace);
    }
}
