package io.shiplog.cluster.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.shiplog.cluster.manifest.ObjectKey;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class InventoryCodecTest {

    @Test
    void roundTripsObjectsCommitAndState() {
        TreeMap<ObjectKey, String> objects = new TreeMap<>();
        objects.put(new ObjectKey("apps", "Deployment", "ns", "web"), "apps/v1");
        objects.put(new ObjectKey("", "Namespace", null, "ns"), "v1");
        Inventory inventory = new Inventory("prod", "https://git/c.git", "main", "abc", Inventory.State.APPLYING,
                objects);
        Inventory read = InventoryCodec.fromData("prod", InventoryCodec.toData(inventory));
        assertThat(read).isEqualTo(inventory);
    }

    @Test
    void roundTripsWhichObjectsWereAdopted() {
        TreeMap<ObjectKey, String> objects = new TreeMap<>();
        ObjectKey adopted = new ObjectKey("", "ConfigMap", "ns", "found");
        objects.put(adopted, "v1");
        objects.put(new ObjectKey("", "ConfigMap", "ns", "created"), "v1");
        Inventory inventory = new Inventory("prod", "r", "main", "abc", Inventory.State.COMPLETE, objects)
                .withAdopted(Set.of(adopted));
        Inventory read = InventoryCodec.fromData("prod", InventoryCodec.toData(inventory));
        assertThat(read).isEqualTo(inventory);
        assertThat(read.adopted()).containsExactly(adopted);
        assertThat(read.union(Map.of(), "r", "main", "def").isAdopted(adopted)).isTrue();
    }

    @Test
    void readsAnInventoryWrittenBeforeAdoptionWasRecordedAsAdoptingNothing() {
        JsonObject data = new JsonObject();
        data.addProperty("configRepo", "r");
        data.addProperty("branch", "main");
        data.addProperty("commit", "abc");
        data.addProperty("state", "COMPLETE");
        data.addProperty("count", "1");
        data.addProperty("objects", "v1|ConfigMap|ns|old\n");
        Inventory read = InventoryCodec.fromData("prod", data);
        assertThat(read.objects()).containsOnlyKeys(new ObjectKey("", "ConfigMap", "ns", "old"));
        assertThat(read.adopted()).isEmpty();
        assertThat(InventoryCodec.toData(read).has("adopted")).isFalse();
    }

    @Test
    void anObjectThatLeavesTheInventoryIsNoLongerAdopted() {
        ObjectKey key = new ObjectKey("", "ConfigMap", "ns", "found");
        TreeMap<ObjectKey, String> objects = new TreeMap<>(Map.of(key, "v1"));
        Inventory inventory = new Inventory("prod", "r", "main", "abc", Inventory.State.COMPLETE, objects)
                .withAdopted(Set.of(key));
        Inventory without = new Inventory("prod", "r", "main", "def", Inventory.State.COMPLETE, new TreeMap<>(),
                inventory.adopted());
        assertThat(without.adopted()).isEmpty();
    }

    @Test
    void theUnionKeepsOldObjectsAndMarksTheInventoryApplying() {
        TreeMap<ObjectKey, String> old = new TreeMap<>();
        old.put(new ObjectKey("", "ConfigMap", "ns", "old"), "v1");
        Inventory before = new Inventory("id", "r", "main", "c0", Inventory.State.COMPLETE, old);
        TreeMap<ObjectKey, String> more = new TreeMap<>();
        more.put(new ObjectKey("", "ConfigMap", "ns", "new"), "v1");
        Inventory union = before.union(more, "r", "main", "c1");
        assertThat(union.objects()).hasSize(2);
        assertThat(union.state()).isEqualTo(Inventory.State.APPLYING);
        assertThat(union.commitSha()).isEqualTo("c1");
    }

    @Test
    void rejectsAMalformedLineNamingTheInventory() {
        JsonObject data = new JsonObject();
        data.addProperty("objects", "v1|ConfigMap|ns\n");
        assertThatThrownBy(() -> InventoryCodec.fromData("prod", data)).hasMessageContaining("inventory prod");
    }

    @Test
    void roundTripsTheUnitEachObjectWasRenderedFrom() {
        ObjectKey rendered = new ObjectKey("apps", "Deployment", "web", "web");
        ObjectKey plain = new ObjectKey("", "Namespace", null, "web");
        ObjectKey older = new ObjectKey("", "ConfigMap", "web", "older");
        TreeMap<ObjectKey, String> objects = new TreeMap<>(Map.of(rendered, "apps/v1", plain, "v1", older, "v1"));
        Inventory inventory = new Inventory("prod", "r", "main", "abc", Inventory.State.COMPLETE, objects)
                .withUnits(Map.of(rendered, "apps/staging", plain, "clusters/prod/ns|odd.yaml"));
        Inventory read = InventoryCodec.fromData("prod", InventoryCodec.toData(inventory));
        assertThat(read).isEqualTo(inventory);
        assertThat(read.unitOf(rendered)).contains("apps/staging");
        assertThat(read.unitOf(plain)).contains("clusters/prod/ns|odd.yaml");
        assertThat(read.unitOf(older)).isEmpty();
    }

    @Test
    void readsAnInventoryWrittenBeforeUnitsWereRecordedAsKnowingNoUnit() {
        JsonObject data = new JsonObject();
        data.addProperty("commit", "abc");
        data.addProperty("state", "COMPLETE");
        data.addProperty("objects", "v1|ConfigMap|ns|old\n");
        Inventory read = InventoryCodec.fromData("prod", data);
        assertThat(read.units()).isEmpty();
        assertThat(InventoryCodec.toData(read).has("units")).isFalse();
    }
}
