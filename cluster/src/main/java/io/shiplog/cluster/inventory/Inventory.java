package io.shiplog.cluster.inventory;

import io.shiplog.cluster.manifest.ObjectKey;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What Shiplog applied to one cluster, kept in the cluster: the objects (with the API version they were applied in)
 * and the commit. While an apply runs the inventory holds the union of the old and the new objects
 * ({@link State#APPLYING}), so an applier that stops mid-apply leaves nothing it applied unlisted.
 *
 * @param objects object → apiVersion
 */
public record Inventory(String id, String configRepo, String branch, String commitSha, State state,
                        SortedMap<ObjectKey, String> objects) {

    /** Whether the listed commit finished applying. */
    public enum State {
        APPLYING, COMPLETE
    }

    public Inventory {
        objects = Collections.unmodifiableSortedMap(new TreeMap<>(objects));
    }

    public static Inventory empty(String id) {
        return new Inventory(id, "", "", "", State.COMPLETE, new TreeMap<>());
    }

    /** This inventory plus {@code more}, marked as applying {@code commit}. */
    public Inventory union(Map<ObjectKey, String> more, String repo, String newBranch, String commit) {
        TreeMap<ObjectKey, String> all = new TreeMap<>(objects);
        all.putAll(more);
        return new Inventory(id, repo, newBranch, commit, State.APPLYING, all);
    }

    public boolean isEmpty() {
        return objects.isEmpty();
    }
}
