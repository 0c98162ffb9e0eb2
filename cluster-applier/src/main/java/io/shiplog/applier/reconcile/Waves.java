package io.shiplog.applier.reconcile;

import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.manifest.ObjectKey;
import io.shiplog.cluster.manifest.UnitOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The order Flux's {@code dependsOn} asks for: a commit's objects in waves, each unit after the units it depends on
 * (objects of no such unit go first). A unit whose dependency is missing, in a cycle, failed to render, had an object
 * fail, or (when it waits for health) is not healthy, is not ready; units depending on it, directly or not, are not
 * applied at this commit, and say why.
 */
final class Waves {

    private final UnitOrder order;
    private final List<List<Manifest>> waves;
    private final Map<String, String> notReady = new LinkedHashMap<>();
    private final Set<String> skippedSources = new HashSet<>();

    private Waves(UnitOrder order, List<List<Manifest>> waves) {
        this.order = order;
        this.waves = waves;
    }

    static Waves of(List<Manifest> manifests, UnitOrder order) {
        if (!order.ordersAnything()) {
            Waves single = new Waves(order, List.of(manifests));
            order.units().forEach((unit, d) -> d.failure().ifPresent(f -> single.notReady.put(unit,
                    "it could not be rendered: " + f)));
            return single;
        }
        Map<String, Integer> depths = new HashMap<>();
        Waves waves = new Waves(order, new ArrayList<>());
        for (String unit : new TreeMap<>(order.units()).keySet()) {
            waves.depth(unit, depths, new ArrayList<>());
        }
        int deepest = depths.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (int i = 0; i <= deepest; i++) {
            waves.waves.add(new ArrayList<>());
        }
        for (Manifest manifest : manifests) {
            String unit = order.unitOf().get(manifest.key());
            waves.waves.get(unit == null ? 0 : depths.getOrDefault(unit, 0)).add(manifest);
        }
        order.units().forEach((unit, d) -> d.failure().ifPresent(f -> waves.notReady.putIfAbsent(unit,
                "it could not be rendered: " + f)));
        return waves;
    }

    /** The unit's wave: one after its deepest dependency; cycles and missing dependencies make it not ready. */
    private int depth(String unit, Map<String, Integer> depths, List<String> path) {
        Integer known = depths.get(unit);
        if (known != null) {
            return known;
        }
        if (path.contains(unit)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(unit), path.size()));
            cycle.add(unit);
            cycle.forEach(u -> notReady.putIfAbsent(u, "its dependsOn forms a cycle: " + String.join(" -> ", cycle)));
            return 0;
        }
        path.add(unit);
        int depth = 0;
        for (String dependency : order.units().get(unit).dependsOn()) {
            if (!order.units().containsKey(dependency)) {
                notReady.putIfAbsent(unit, "it depends on " + dependency + ", which is not among the cluster's units");
                continue;
            }
            depth = Math.max(depth, depth(dependency, depths, path) + 1);
        }
        path.remove(path.size() - 1);
        depths.put(unit, depth);
        return depth;
    }

    int count() {
        return waves.size();
    }

    /**
     * The objects of wave {@code index} that may be applied now; the others (their unit or one it depends on is not
     * ready) become SKIPPED outcomes in {@code skipped}.
     */
    List<Manifest> ready(int index, List<ObjectOutcome> skipped) {
        List<Manifest> ready = new ArrayList<>();
        for (Manifest manifest : waves.get(index)) {
            String unit = order.unitOf().get(manifest.key());
            Optional<String> reason = unit == null ? Optional.empty() : blocked(unit);
            if (reason.isPresent()) {
                skippedSources.add(manifest.sourcePath());
                skipped.add(new ObjectOutcome(manifest.key(), manifest.version(), Action.SKIPPED,
                        "not applied: " + reason.get(), Health.UNKNOWN, List.of(), manifest.sourcePath()));
            } else {
                ready.add(manifest);
            }
        }
        return ready;
    }

    /** Why {@code unit} cannot be applied now, naming the first unit on its way that is not ready. */
    private Optional<String> blocked(String unit) {
        if (notReady.containsKey(unit)) {
            return Optional.of(unit + " is not ready: " + notReady.get(unit));
        }
        for (String dependency : order.units().get(unit).dependsOn()) {
            if (notReady.containsKey(dependency)) {
                notReady.put(unit, "it depends on " + dependency + ", which is not ready: " + notReady.get(dependency));
                return Optional.of(notReady.get(unit));
            }
        }
        return Optional.empty();
    }

    /** Files (units) some of whose objects were not applied because a dependency was not ready. */
    Set<String> skippedSources() {
        return skippedSources;
    }

    /** Units of wave {@code index} whose dependents wait until their objects are healthy. */
    Set<String> waitingForHealth(int index) {
        Set<String> units = new HashSet<>();
        for (Manifest manifest : waves.get(index)) {
            String unit = order.unitOf().get(manifest.key());
            if (unit != null && order.units().get(unit).waitForHealth() && !notReady.containsKey(unit)) {
                units.add(unit);
            }
        }
        return units;
    }

    Optional<String> unitOf(ObjectKey key) {
        return Optional.ofNullable(order.unitOf().get(key));
    }

    /** Records the outcome of a wave's objects: a failed one, or one not healthy in a unit that waits, blocks. */
    void settle(List<ObjectOutcome> outcomes, Set<String> waiting) {
        for (ObjectOutcome outcome : outcomes) {
            String unit = order.unitOf().get(outcome.key());
            if (unit == null || notReady.containsKey(unit)) {
                continue;
            }
            if (outcome.action() == Action.FAILED) {
                notReady.put(unit, outcome.key() + " failed: " + outcome.message());
            } else if (waiting.contains(unit) && (outcome.health() == Health.PROGRESSING
                    || outcome.health() == Health.DEGRADED)) {
                notReady.put(unit, outcome.key() + " is " + outcome.health());
            }
        }
    }
}
