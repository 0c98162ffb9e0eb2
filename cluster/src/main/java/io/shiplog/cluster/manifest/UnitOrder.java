package io.shiplog.cluster.manifest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Flux's {@code dependsOn} among the units that stand for Flux objects ({@code Kustomization}, {@code HelmRelease}):
 * which unit each object came from, and what each unit waits for. Units are named like {@code Kustomization
 * flux-system/apps}.
 *
 * @param unitOf objects rendered by such a unit, by key
 * @param units  each such unit's dependencies, including units that failed to render (they have no objects)
 */
public record UnitOrder(Map<ObjectKey, String> unitOf, Map<String, Dependencies> units) {

    /** No unit depends on another: everything is applied at once. */
    public static final UnitOrder NONE = new UnitOrder(Map.of(), Map.of());

    public UnitOrder {
        unitOf = Map.copyOf(unitOf);
        units = Map.copyOf(units);
    }

    /**
     * What a unit waits for before it is applied.
     *
     * @param dependsOn     units (same naming) that must be applied, and healthy when they wait for health, first
     * @param waitForHealth whether a unit depending on this one waits until this one's objects are healthy (Flux
     *                      {@code wait}/{@code healthChecks}; a HelmRelease waits unless {@code disableWait})
     * @param failure       why the unit could not be rendered, if it could not
     */
    public record Dependencies(List<String> dependsOn, boolean waitForHealth, Optional<String> failure) {

        public Dependencies {
            dependsOn = List.copyOf(dependsOn);
        }
    }

    /** A unit's name: {@code Kustomization flux-system/apps}, or without namespace {@code Kustomization apps}. */
    public static String name(String kind, String namespace, String name) {
        return kind + " " + (namespace == null || namespace.isEmpty() ? name : namespace + "/" + name);
    }

    /**
     * Names of what {@code dependsOn} (Flux's list of {@code {name, namespace}}) refers to: units of {@code kind}, in
     * {@code namespace} unless an entry names another; entries without a name are left out.
     */
    public static List<String> dependsOn(com.google.gson.JsonElement dependsOn, String kind, String namespace) {
        List<String> names = new java.util.ArrayList<>();
        if (dependsOn != null && dependsOn.isJsonArray()) {
            for (com.google.gson.JsonElement entry : dependsOn.getAsJsonArray()) {
                if (entry.isJsonObject() && entry.getAsJsonObject().get("name") instanceof
                        com.google.gson.JsonPrimitive name) {
                    com.google.gson.JsonElement ns = entry.getAsJsonObject().get("namespace");
                    names.add(name(kind, ns != null && ns.isJsonPrimitive() ? ns.getAsString() : namespace,
                            name.getAsString()));
                }
            }
        }
        return names;
    }

    /** Whether any unit depends on another (otherwise the order changes nothing). */
    public boolean ordersAnything() {
        return units.values().stream().anyMatch(d -> !d.dependsOn().isEmpty());
    }

    /** Collects a load's units and objects. */
    public static final class Builder {
        private final Map<ObjectKey, String> unitOf = new HashMap<>();
        private final Map<String, Dependencies> units = new HashMap<>();

        public synchronized void unit(String unit, Dependencies dependencies, List<Manifest> objects) {
            units.put(unit, dependencies);
            objects.forEach(o -> unitOf.put(o.key(), unit));
        }

        public synchronized UnitOrder build() {
            return units.isEmpty() ? NONE : new UnitOrder(unitOf, units);
        }
    }
}
