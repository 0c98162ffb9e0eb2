package io.shiplog.fleet;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A valid {@code shiplog.yaml}: everything a Shiplog installation is made of, named once. Immutable; lists and maps
 * are unmodifiable; secrets are {@link Secret}s, so {@link #toString()} shows none.
 */
public record Fleet(Path file, Optional<KafkaSpec> kafka, List<RegistrySpec> registries, List<ImageSpec> images,
                    List<RepositorySpec> repositories, List<ClusterSpec> clusters, WebhooksSpec webhooks,
                    Optional<AuditSpec> audit, ApiSpec api, Map<String, TuningValues> tuning,
                    NotificationsSpec notifications) {

    public static final String API_VERSION = "shiplog.io/v1alpha1";
    public static final String KIND = "Fleet";

    public Fleet {
        registries = List.copyOf(registries);
        images = List.copyOf(images);
        repositories = List.copyOf(repositories);
        clusters = List.copyOf(clusters);
        tuning = java.util.Collections.unmodifiableMap(new TreeMap<>(tuning));
    }

    /** The repository named so. */
    public Optional<RepositorySpec> repository(String name) {
        return repositories.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The cluster named so. */
    public Optional<ClusterSpec> cluster(String name) {
        return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The registry with this host ({@code ghcr.io}, {@code registry.local:5000}); hosts compare ignoring case. */
    public Optional<RegistrySpec> registry(String host) {
        return registries.stream().filter(r -> r.host().equalsIgnoreCase(host)).findFirst();
    }

    /**
     * The registry an image lives in: the host part of {@code ghcr.io/acme/app}, or {@code docker.io} for a name
     * without one ({@code nginx}, {@code acme/app}).
     */
    public Optional<RegistrySpec> registryOf(String image) {
        return registry(imageHost(image));
    }

    /** The repository a cluster runs from (always present in a valid fleet). */
    public RepositorySpec clusterRepository(ClusterSpec cluster) {
        return repository(cluster.repository()).orElseThrow(() -> new IllegalArgumentException(
                "cluster " + cluster.name() + " names repository " + cluster.repository() + ", which is not in " + file));
    }

    /** The clusters that run from the repository named so. */
    public List<ClusterSpec> clustersOf(String repositoryName) {
        return clusters.stream().filter(c -> c.repository().equals(repositoryName)).toList();
    }

    /**
     * The {@code tuning.<key>} section as Spring property names under its prefix
     * ({@code shiplog.applier.tuning.max-parallel=4}), secrets revealed; empty when the section is absent.
     */
    public Map<String, String> tuningProperties(String key) {
        TuningValues values = tuning.get(key);
        return values == null ? Map.of() : values.withPrefix();
    }

    /** The section bound to its type (defaults when the section is absent); the loader has already validated it. */
    public <T> T tuning(TuningSection<T> section) {
        TuningValues values = tuning.get(section.key());
        return TuningBinder.bindValid(section, values == null ? Map.of() : values.withPrefix());
    }

    /** {@code 2 registries, 1 repository, 3 clusters}. */
    public String summary() {
        return count(registries.size(), "registry", "registries") + ", "
                + count(repositories.size(), "repository", "repositories") + ", "
                + count(clusters.size(), "cluster", "clusters");
    }

    static String imageHost(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return "docker.io";
        }
        String first = image.substring(0, slash);
        boolean host = first.contains(".") || first.contains(":") || first.equals("localhost")
                || !first.equals(first.toLowerCase(Locale.ROOT));
        return host ? first : "docker.io";
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
