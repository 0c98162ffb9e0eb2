package io.shiplog.auditor.drift;

import io.shiplog.cluster.inventory.Inventory;
import io.shiplog.cluster.kube.KubeResource;
import io.shiplog.cluster.manifest.ObjectKey;
import io.shiplog.cluster.plan.PlannedObject;
import java.util.Map;
import java.util.Set;

/**
 * What a cluster should hold: the objects of its inventory's commit exactly as its applier sends them, and the
 * resources (kinds) Shiplog manages there.
 *
 * @param objects   planned objects that the inventory lists, by key
 * @param resources every resource of the inventory's objects, to list and watch
 */
public record DesiredState(Inventory inventory, Map<ObjectKey, PlannedObject> objects, Set<KubeResource> resources) {

    public DesiredState {
        objects = Map.copyOf(objects);
        resources = Set.copyOf(resources);
    }

    public String commitSha() {
        return inventory.commitSha();
    }
}
