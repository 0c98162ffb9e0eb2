package io.shiplog.cluster.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.cluster.kube.KubeResource;
import io.shiplog.cluster.kube.KubeResponse;
import io.shiplog.cluster.kube.KubernetesHandler;
import io.shiplog.cluster.manifest.ObjectKey;
import io.shiplog.cluster.plan.Labels;
import io.shiplog.local.kube.KubeCluster;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The inventory kept in a real kube-apiserver, as appliers (one or several in turn) and the auditor see it. */
class InventoryStoreIT {

    private static final KubeResource CONFIG_MAPS = new KubeResource("", "v1", "ConfigMap", "configmaps", true);

    private final KubernetesHandler kube = new KubernetesHandler("inventory", KubeCluster.shared().apiClient(),
            new SimpleMeterRegistry());
    private final String id = "it-" + Long.toHexString(System.nanoTime());

    @Test
    void everyWriteReadsBackExactlyAsWrittenFromAnotherStore() throws Exception {
        InventoryStore applier = new InventoryStore(kube, id);
        InventoryStore auditor = new InventoryStore(kube, id);
        assertThat(auditor.read()).isEmpty();

        Inventory first = inventory("a1", Inventory.State.COMPLETE, 3).withAdopted(new TreeSet<>(
                Set.of(key(1)))).withUnits(units(3));
        applier.write(first);
        assertThat(auditor.read()).contains(first);

        Inventory applying = first.union(objects(5), "http://git/config", "main", "b2");
        applier.write(applying);
        assertThat(auditor.read()).contains(applying);

        Inventory shrunk = inventory("b2", Inventory.State.COMPLETE, 2);
        applier.write(shrunk);
        assertThat(auditor.read()).contains(shrunk);
        JsonObject stored = stored();
        assertThat(stored.getAsJsonObject("data").has("adopted")).as("no adopted objects left").isFalse();
        assertThat(stored.getAsJsonObject("data").has("units")).as("no units left").isFalse();
        assertThat(stored.getAsJsonObject("metadata").getAsJsonObject("labels").get(Labels.INVENTORY_OF)
                .getAsString()).isEqualTo(id);
    }

    @Test
    void aWriteAfterAnotherApplierChangedTheInventoryStoresTheWholeInventory() throws Exception {
        InventoryStore before = new InventoryStore(kube, id);
        InventoryStore other = new InventoryStore(kube, id);
        Inventory applying = inventory("c1", Inventory.State.APPLYING, 4);
        before.write(applying);
        other.write(withAdoptedAndUnits(inventory("d9", Inventory.State.COMPLETE, 7), 6, 7));

        Inventory complete = inventory("c1", Inventory.State.COMPLETE, 4);
        before.write(complete);

        assertThat(new InventoryStore(kube, id).read()).as("the first applier's view, not a mix of both")
                .contains(complete);
    }

    @Test
    void twoAppliersThatBothFoundNoInventoryLeaveTheLaterWriteWhole() throws Exception {
        InventoryStore first = new InventoryStore(kube, id);
        InventoryStore second = new InventoryStore(kube, id);
        assertThat(first.read()).isEmpty();
        assertThat(second.read()).isEmpty();
        first.write(withAdoptedAndUnits(inventory("f1", Inventory.State.APPLYING, 5), 2, 5));

        Inventory later = inventory("f2", Inventory.State.COMPLETE, 2);
        second.write(later);

        assertThat(new InventoryStore(kube, id).read()).as("the later write, not a mix with the first")
                .contains(later);
    }

    /** {@code inventory} with object {@code adopted} adopted and the units of its first {@code units} objects. */
    private static Inventory withAdoptedAndUnits(Inventory inventory, int adopted, int units) {
        return inventory.withAdopted(new TreeSet<>(Set.of(key(adopted)))).withUnits(units(units));
    }

    @Test
    void anInventoryDeletedBehindTheStoresBackIsCreatedAgainAtTheNextWrite() throws Exception {
        InventoryStore store = new InventoryStore(kube, id);
        store.write(inventory("e1", Inventory.State.COMPLETE, 2));
        KubeResponse deleted = kube.delete(CONFIG_MAPS, InventoryStore.NAMESPACE, store.objectName());
        assertThat(deleted.isSuccess()).as(deleted.toString()).isTrue();

        Inventory next = inventory("e2", Inventory.State.APPLYING, 3);
        store.write(next);

        assertThat(new InventoryStore(kube, id).read()).contains(next);
    }

    @Test
    void keysSomeoneElseAddedToTheConfigMapAreLeftAlone() throws Exception {
        InventoryStore store = new InventoryStore(kube, id);
        store.write(inventory("f1", Inventory.State.COMPLETE, 2));
        JsonObject note = new JsonObject();
        JsonObject data = new JsonObject();
        data.addProperty("note", "kept by the platform team");
        note.add("data", data);
        assertThat(kube.mergePatchForMetadata(CONFIG_MAPS, InventoryStore.NAMESPACE, store.objectName(), note)
                .isSuccess()).isTrue();

        Inventory next = inventory("f2", Inventory.State.COMPLETE, 3);
        store.write(next);

        assertThat(new InventoryStore(kube, id).read()).contains(next);
        assertThat(stored().getAsJsonObject("data").get("note").getAsString()).isEqualTo("kept by the platform team");
    }

    private JsonObject stored() {
        return kube.get(CONFIG_MAPS, InventoryStore.NAMESPACE, "shiplog-inventory-" + id).object();
    }

    private Inventory inventory(String commit, Inventory.State state, int count) {
        return new Inventory(id, "http://git/config", "main", commit, state, objects(count));
    }

    private static TreeMap<ObjectKey, String> objects(int count) {
        TreeMap<ObjectKey, String> objects = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            objects.put(key(i), "v1");
        }
        return objects;
    }

    private static TreeMap<ObjectKey, String> units(int count) {
        TreeMap<ObjectKey, String> units = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            units.put(key(i), "apps/unit-" + i);
        }
        return units;
    }

    private static ObjectKey key(int i) {
        return new ObjectKey("", "ConfigMap", "apps", "object-" + i);
    }
}
