package io.shiplog.local.kube;

import java.util.List;

/**
 * Several {@link KubeCluster}s that share one etcd, for multi-cluster tests. Each sees only its own objects.
 *
 * @param clusters in the order they were named
 */
public record KubeClusters(List<KubeCluster> clusters) {

    public KubeClusters {
        clusters = List.copyOf(clusters);
        if (clusters.isEmpty()) {
            throw new IllegalArgumentException("a cluster set needs at least one cluster");
        }
    }

    /** The three clusters {@code alpha}, {@code beta} and {@code gamma} shared by every test in this JVM. */
    public static KubeClusters shared() {
        return SharedKubeClusters.trio();
    }

    /** The cluster at {@code index}, in naming order. */
    public KubeCluster get(int index) {
        return clusters.get(index);
    }

    /** The cluster called {@code name}; fails naming the clusters there are. */
    public KubeCluster named(String name) {
        return clusters.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no cluster named '" + name + "' in " + names()));
    }

    public List<String> names() {
        return clusters.stream().map(KubeCluster::name).toList();
    }

    public int size() {
        return clusters.size();
    }
}
