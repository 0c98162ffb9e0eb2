package io.shiplog.cluster.inventory;

import io.shiplog.cluster.manifest.ObjectKey;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What Shiplog applied to one cluster, kept in the cluster: the objects (with the API version they were applied in)
 * and the commit. While an apply runs the inventory holds the union of the old and the new objects
 * ({@link State#APPLYING}), so an applier that stops mid-apply leaves nothing it applied unlisted.
 *
 * @param objects object → apiVersion
 * @param adopted the listed objects that existed in the cluster before Shiplog first applied them; they are only
 *                pruned when the user opted in
 * @param units   listed object → the unit it was rendered from (its path in the repository); an object without one
 *                (listed by an older version) belongs to no known unit
 */
public record Inventory(String id, String configRepo, String branch, String commitSha, State state,
                        SortedMap<ObjectKey, String> objects, SortedSet<ObjectKey> adopted,
                        SortedMap<ObjectKey, String> units) {

    /** Whether the listed commit finished applying. */
    public enum State {
        APPLYING, COMPLETE
    }

    public Inventory {
        objects = Collections.unmodifiableSortedMap(new TreeMap<>(objects));
        TreeSet<ObjectKey> listed = new TreeSet<>(adopted);
        listed.retainAll(objects.keySet());
        adopted = Collections.unmodifiableSortedSet(listed);
        TreeMap<ObjectKey, String> known = new TreeMap<>(units);
        known.keySet().retainAll(objects.keySet());
        units = Collections.unmodifiableSortedMap(known);
    }

    /** An inventory without units. */
    public Inventory(String id, String configRepo, String branch, String commitSha, State state,
                     SortedMap<ObjectKey, String> objects, SortedSet<ObjectKey> adopted) {
        this(id, configRepo, branch, commitSha, state, objects, adopted, new TreeMap<>());
    }

    /** An inventory without adopted objects. */
    public Inventory(String id, String configRepo, String branch, String commitSha, State state,
                     SortedMap<ObjectKey, String> objects) {
        this(id, configRepo, branch, commitSha, state, objects, new TreeSet<>());
    }

    public static Inventory empty(String id) {
        return new Inventory(id, "", "", "", State.COMPLETE, new TreeMap<>());
    }

    /** This inventory plus {@code more}, marked as applying {@code commit}. */
    public Inventory union(Map<ObjectKey, String> more, String repo, String newBranch, String commit) {
        TreeMap<ObjectKey, String> all = new TreeMap<>(objects);
        all.putAll(more);
        return new Inventory(id, repo, newBranch, commit, State.APPLYING, all, adopted, units);
    }

    /** This inventory with the units of {@code more} objects recorded (only listed objects can have one). */
    public Inventory withUnits(Map<ObjectKey, String> more) {
        TreeMap<ObjectKey, String> all = new TreeMap<>(units);
        all.putAll(more);
        return new Inventory(id, configRepo, branch, commitSha, state, objects, adopted, all);
    }

    /** The unit {@code key} was rendered from, when known. */
    public java.util.Optional<String> unitOf(ObjectKey key) {
        return java.util.Optional.ofNullable(units.get(key));
    }

    /** This inventory with {@code more} recorded as adopted (only listed objects can be). */
    public Inventory withAdopted(Set<ObjectKey> more) {
        if (adopted.containsAll(more)) {
            return this;
        }
        TreeSet<ObjectKey> all = new TreeSet<>(adopted);
        all.addAll(more);
        return new Inventory(id, configRepo, branch, commitSha, state, objects, all, units);
    }

    public boolean isAdopted(ObjectKey key) {
        return adopted.contains(key);
    }

    public boolean isEmpty() {
        return objects.isEmpty();
    }
}
