package io.shiplog.gitwriter.rollback;

import io.shiplog.gitwriter.edit.LocationUpdate;
import io.shiplog.gitwriter.edit.UpdatePlanner;
import io.shiplog.gitwriter.manifest.ImageLocation;
import io.shiplog.gitwriter.manifest.ScanResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The inverse of the image changes made since a commit: each automated image of a cluster's paths set back to the
 * value it had at that commit. Only the values change (markers and their policies stay as they are now); a location
 * that did not exist then is left alone and reported. Pure.
 */
public final class Inverse {

    /**
     * @param changes the values to write back, one per location that differs
     * @param notes   locations left as they are, each with why
     */
    public record Result(List<LocationUpdate.Change> changes, List<String> notes) {
    }

    private Inverse() {
    }

    /**
     * @param now    the scan of the branch's head
     * @param then   the scan at the target commit
     * @param covers which file paths belong to the cluster
     * @param reason the reason every change carries (the rollback)
     */
    public static Result of(ScanResult now, ScanResult then, Predicate<String> covers, String reason) {
        Map<String, ImageLocation> before = new HashMap<>();
        then.locations().forEach(l -> before.put(l.key(), l));
        List<LocationUpdate.Change> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (ImageLocation location : now.locations()) {
            if (!covers.test(location.path())) {
                continue;
            }
            ImageLocation old = before.get(location.key());
            if (old == null) {
                notes.add(location.describe() + ": not automated at the target commit, left at " + location.current());
                continue;
            }
            if (old.current().toString().equals(location.current().toString())) {
                continue;
            }
            LocationUpdate update = UpdatePlanner.pin(location.withLocked(false), old.current(), reason);
            if (update instanceof LocationUpdate.Change change) {
                changes.add(change);
            } else if (update instanceof LocationUpdate.Failed failed) {
                notes.add(location.describe() + ": cannot go back to " + old.current() + ": " + failed.reason());
            }
        }
        return new Result(List.copyOf(changes), List.copyOf(notes));
    }
}
