package io.shiplog.cluster.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What a service runs per cluster (an applier's worker, an auditor's drift worker), by cluster name, following the
 * clusters it is given: a new one is built (and started when the service runs), one no longer given or given with
 * other settings is stopped (and built again with the new ones). Thread-safe.
 *
 * @param <T> what a cluster is run with (its settings; compared with {@code equals} to see a change)
 * @param <R> what runs for it
 */
public final class RunningClusters<T, R> {

    /** How {@link #reconfigure} changed the set, for the service to log in its own words. */
    public record Change<T>(List<T> added, List<T> removed, List<T> changed) {
    }

    private final Function<T, String> name;
    private final Function<T, R> build;
    private final Consumer<R> start;
    private final Consumer<R> stop;
    private final Map<String, Entry<T, R>> running = new LinkedHashMap<>();
    private boolean started;

    private record Entry<T, R>(T target, R value) {
    }

    /** Builds what runs for each of {@code targets} (not started yet). */
    public RunningClusters(List<T> targets, Function<T, String> name, Function<T, R> build, Consumer<R> start,
                           Consumer<R> stop) {
        this.name = name;
        this.build = build;
        this.start = start;
        this.stop = stop;
        targets.forEach(t -> running.put(name.apply(t), new Entry<>(t, build.apply(t))));
    }

    public synchronized Optional<R> named(String cluster) {
        return Optional.ofNullable(running.get(cluster)).map(Entry::value);
    }

    /** The names of the clusters run, in the order they were given. */
    public synchronized List<String> names() {
        return List.copyOf(running.keySet());
    }

    /** What runs, in the order the clusters were given. */
    public synchronized List<R> values() {
        return running.values().stream().map(Entry::value).toList();
    }

    /** Makes {@code targets} the clusters run; returns what changed. */
    public synchronized Change<T> reconfigure(List<T> targets) {
        return reconfigure(targets, () -> { });
    }

    /**
     * Makes {@code targets} the clusters run, running {@code stopped} after those leaving or changing were stopped and
     * before anything is built (a service whose stop only signals waits there for all of them at once).
     */
    public synchronized Change<T> reconfigure(List<T> targets, Runnable stopped) {
        Map<String, T> wanted = new LinkedHashMap<>();
        targets.forEach(t -> wanted.put(name.apply(t), t));
        List<T> removed = new ArrayList<>();
        List<T> changed = new ArrayList<>();
        for (Entry<T, R> current : new ArrayList<>(running.values())) {
            String cluster = name.apply(current.target());
            T next = wanted.get(cluster);
            if (next == null || !next.equals(current.target())) {
                stop.accept(current.value());
                running.remove(cluster);
                (next == null ? removed : changed).add(current.target());
            }
        }
        stopped.run();
        List<T> added = new ArrayList<>();
        for (T target : wanted.values()) {
            if (!running.containsKey(name.apply(target))) {
                R value = build.apply(target);
                running.put(name.apply(target), new Entry<>(target, value));
                if (started) {
                    start.accept(value);
                }
                if (changed.stream().noneMatch(c -> name.apply(c).equals(name.apply(target)))) {
                    added.add(target);
                }
            }
        }
        return new Change<>(added, removed, changed);
    }

    public synchronized void start() {
        running.values().forEach(e -> start.accept(e.value()));
        started = true;
    }

    public synchronized void stop() {
        started = false;
        running.values().forEach(e -> stop.accept(e.value()));
    }

    public synchronized boolean started() {
        return started;
    }
}
