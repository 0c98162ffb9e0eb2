package io.shiplog.cluster.inventory;

import com.google.gson.JsonObject;
import io.shiplog.cluster.manifest.ObjectKey;
import java.util.Map;
import java.util.TreeMap;

/** The inventory as the data of a ConfigMap: one line per object, {@code apiVersion|kind|namespace|name}. */
final class InventoryCodec {

    static final String CLUSTER_SCOPED = "-";

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
        for (Map.Entry<ObjectKey, String> entry : inventory.objects().entrySet()) {
            ObjectKey key = entry.getKey();
            objects.append(entry.getValue()).append('|').append(key.kind()).append('|')
                    .append(key.namespace() == null ? CLUSTER_SCOPED : key.namespace()).append('|')
                    .append(key.name()).append('\n');
        }
        data.addProperty("objects", objects.toString());
        return data;
    }

    static Inventory fromData(String id, JsonObject data) {
        TreeMap<ObjectKey, String> objects = new TreeMap<>();
        String lines = string(data, "objects");
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
        String state = string(data, "state");
        return new Inventory(id, string(data, "configRepo"), string(data, "branch"), string(data, "commit"),
                state.equals(Inventory.State.APPLYING.name()) ? Inventory.State.APPLYING : Inventory.State.COMPLETE,
                objects);
    }

    private static String string(JsonObject data, String key) {
        return data != null && data.has(key) && data.get(key).isJsonPrimitive() ? data.get(key).getAsString() : "";
    }
}
