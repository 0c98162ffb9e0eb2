package io.shiplog.fleet;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/** An accepted edit of the fleet file: the fleet before and after, with what changed by name. */
public record FleetChange(Fleet previous, Fleet current) {

    public FleetChange {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
    }

    /** Clusters named now but not before. */
    public List<ClusterSpec> clustersAdded() {
        return added(previous.clusters(), current.clusters(), ClusterSpec::name);
    }

    /** Clusters named before but not now (as they were). */
    public List<ClusterSpec> clustersRemoved() {
        return added(current.clusters(), previous.clusters(), ClusterSpec::name);
    }

    /** Clusters named before and now whose spec changed (as they are now). */
    public List<ClusterSpec> clustersChanged() {
        return changed(previous.clusters(), current.clusters(), ClusterSpec::name);
    }

    public List<RepositorySpec> repositoriesAdded() {
        return added(previous.repositories(), current.repositories(), RepositorySpec::name);
    }

    public List<RepositorySpec> repositoriesRemoved() {
        return added(current.repositories(), previous.repositories(), RepositorySpec::name);
    }

    public List<RepositorySpec> repositoriesChanged() {
        return changed(previous.repositories(), current.repositories(), RepositorySpec::name);
    }

    /** Whether any cluster or repository was added, removed or changed. */
    public boolean clustersOrRepositoriesChanged() {
        return !clustersAdded().isEmpty() || !clustersRemoved().isEmpty() || !clustersChanged().isEmpty()
                || !repositoriesAdded().isEmpty() || !repositoriesRemoved().isEmpty()
                || !repositoriesChanged().isEmpty();
    }

    /** Whether any registry was added, removed or changed. */
    public boolean registriesChanged() {
        return !previous.registries().equals(current.registries());
    }

    /** Whether images scanned besides the watch list changed. */
    public boolean imagesChanged() {
        return !previous.images().equals(current.images());
    }

    /** Whether the Kafka section changed (services need a restart to use it). */
    public boolean kafkaChanged() {
        return !previous.kafka().equals(current.kafka());
    }

    /** Whether {@code tuning.<key>} changed. */
    public boolean tuningChanged(String key) {
        return !Objects.equals(previous.tuning().get(key), current.tuning().get(key));
    }

    private static <T> List<T> added(List<T> before, List<T> after, Function<T, String> name) {
        Map<String, T> old = before.stream().collect(Collectors.toMap(name, t -> t, (a, b) -> a));
        return after.stream().filter(t -> !old.containsKey(name.apply(t))).toList();
    }

    private static <T> List<T> changed(List<T> before, List<T> after, Function<T, String> name) {
        Map<String, T> old = before.stream().collect(Collectors.toMap(name, t -> t, (a, b) -> a));
        return after.stream().filter(t -> old.containsKey(name.apply(t)) && !old.get(name.apply(t)).equals(t)).toList();
    }
}
