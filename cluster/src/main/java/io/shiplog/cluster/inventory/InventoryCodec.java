package io.shiplog.cluster.inventory;

import com.google.gson.JsonObject;
import io.shiplog.cluster.manifest.ObjectKey;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The inventory as the data of a ConfigMap: one line per object, {@code apiVersion|kind|namespace|name}, under
 * {@code objects}; the adopted ones again, in the same form, under {@code adopted} (an inventory written before
 * adoption was recorded has no such key and reads as adopting nothing); the unit each object was rendered from under
 * {@code units}, {@code apiVersion|kind|namespace|name|unit} (an inventory written before units were recorded has
 * none, and its objects belong to no known unit).
 */
final class InventoryCodec {

    static final String CLUSTER_SCOPED = "-";
    /** Every key the codec writes; the optional ones ({@code adopted}, {@code units}) are left out when empty. */
    static final List<String> KEYS = List.of("configRepo", "branch", "commit", "state", "count", "objects", "adopted",
            "units");

    private InventoryCodec() {
    }

    static JsonObject toData(Inventory inventory) {
        JsonObject data = new JsonObject();
        data.addProperty("configRepo", inventory.configRepo());
        data.addProperty("branch", inventory.branch());
        data.addProperty("commit", inventory.commitSha());
        data.addProperty("state", inventory.state().name());
        data.addProperty("count", Integer.toString(inventory.objects().size()));
        StringBuilder objects = new StringBuilder();
        StringBuilder adopted = new StringBuilder();
        StringBuilder units = new StringBuilder();
        for (Map.Entry<ObjectKey, String> entry : inventory.objects().entrySet()) {
            ObjectKey key = entry.getKey();
            String line = entry.getValue() + '|' + key.kind() + '|'
                    + (key.namespace() == null ? CLUSTER_SCOPED : key.namespace()) + '|' + key.name() + '\n';
            objects.append(line);
            if (inventory.isAdopted(key)) {
                adopted.append(line);
            }
            String unit = inventory.units().get(key);
            if (unit != null) {
                units.append(line, 0, line.length() - 1).append('|').append(unit.replace('\n', ' ')).append('\n');
            }
        }
        data.addProperty("objects", objects.toString());
        if (!adopted.isEmpty()) {
            data.addProperty("adopted", adopted.toString());
        }
        if (!units.isEmpty()) {
            data.addProperty("units", units.toString());
        }
        return data;
    }

    static Inventory fromData(String id, JsonObject data) {
        TreeMap<ObjectKey, String> objects = lines(id, string(data, "objects"));
        String state = string(data, "state");
        return new Inventory(id, string(data, "configRepo"), string(data, "branch"), string(data, "commit"),
                state.equals(Inventory.State.APPLYING.name()) ? Inventory.State.APPLYING : Inventory.State.COMPLETE,
                objects, new TreeSet<>(lines(id, string(data, "adopted")).keySet()), units(id, string(data, "units")));
    }

    private static TreeMap<ObjectKey, String> units(String id, String lines) {
        TreeMap<ObjectKey, String> units = new TreeMap<>();
        for (String line : lines.split("\n")) {
            int last = line.isBlank() ? -1 : nthBar(line, 4);
            if (last < 0) {
                continue;
            }
            lines(id, line.substring(0, last)).keySet().forEach(key -> units.put(key, line.substring(last + 1)));
        }
        return units;
    }

    /** The index of the {@code n}th {@code |} of {@code line}, -1 when it has fewer. */
    private static int nthBar(String line, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = line.indexOf('|', at + 1);
            if (at < 0) {
                return -1;
            }
        }
        return at;
    }

    private static TreeMap<ObjectKey, String> lines(String id, String lines) {
        TreeMap<ObjectKey, String> objects = new TreeMap<>();
        for (String line : lines.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\\|", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException("inventory " + id + " has a malformed line: " + line);
            }
            String namespace = parts[2].equals(CLUSTER_SCOPED) ? null : parts[2];
            objects.put(new ObjectKey(ObjectKey.groupOf(parts[0]), parts[1], namespace, parts[3]), parts[0]);
        }
        return objects;
    }

    private static String string(JsonObject data, String key) {
        return data != null && data.has(key) && data.get(key).isJsonPrimitive() ? data.get(key).getAsString() : "";
    }
}
