package io.shiplog.gitwriter.release;

import io.shiplog.gitwriter.edit.LocationUpdate;
import io.shiplog.gitwriter.manifest.ImageLocation;
import io.shiplog.gitwriter.manifest.ScanResult;
import io.shiplog.gitwriter.rollback.Inverse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link Work.Rollback} at a head: the inverse of the image changes since the target commit, a lock on every
 * workload it moves (so automation leaves them there until unlocked), and what it leaves alone. Pure.
 */
final class RollbackPlanning {

    /**
     * @param description the rollback's line in the commit message; null when refused
     * @param changes     the values set back
     * @param locks       a lock per moved document
     * @param skipped     a refusal, nothing to roll back, or locations left as they are
     */
    record Planned(String description, List<LocationUpdate.Change> changes, List<LockChange> locks,
                   List<CommitRecord.Skipped> skipped) {
    }

    private RollbackPlanning() {
    }

    static Planned plan(ScanResult head, Work.Rollback rollback, RollbackScan target) {
        String cluster = rollback.cluster().name();
        String what = "rollback of cluster " + cluster + " to " + rollback.target().describe();
        if (target.refused() != null) {
            return new Planned(null, List.of(), List.of(), List.of(skip(rollback, CommitRecord.SkipReason.OTHER,
                    what + " refused: " + target.refused())));
        }
        if (target.doneBy() != null) {
            return new Planned(null, List.of(), List.of(), List.of(skip(rollback,
                    CommitRecord.SkipReason.ALREADY_CURRENT, what + ": already done by commit " + target.doneBy()
                            + " (this command was read again)")));
        }
        String shortSha = target.commit().substring(0, 12);
        String reason = "rollback of cluster " + cluster + " to " + shortSha + " by " + rollback.requestedBy();
        Inverse.Result inverse = Inverse.of(head, target.scan(), rollback.cluster()::covers, reason);
        List<CommitRecord.Skipped> skipped = new ArrayList<>();
        inverse.notes().forEach(note -> skipped.add(skip(rollback, CommitRecord.SkipReason.OTHER, what + ": "
                + note)));
        if (inverse.changes().isEmpty()) {
            skipped.add(skip(rollback, CommitRecord.SkipReason.ALREADY_CURRENT, what + ": every automated image of "
                    + "the cluster already has its value of " + target.commit()));
            return new Planned(null, List.of(), List.of(), skipped);
        }
        Map<String, LockChange> locks = new LinkedHashMap<>();
        String lockReason = "rollback of cluster " + cluster + " to " + shortSha
                + (rollback.reason() == null ? "" : ": " + rollback.reason());
        for (LocationUpdate.Change change : inverse.changes()) {
            ImageLocation l = change.location();
            locks.putIfAbsent(l.path() + "#" + l.documentIndex(), new LockChange(l.path(), l.documentIndex(),
                    l.object(), null, true, rollback.requestedBy(), lockReason, rollback.cause()));
        }
        String description = "Rollback of cluster " + cluster + " to " + target.commit() + " ("
                + rollback.target().describe() + ") requested by " + rollback.requestedBy()
                + (rollback.reason() == null ? "" : ": " + rollback.reason());
        return new Planned(description, inverse.changes(), List.copyOf(locks.values()), skipped);
    }

    private static CommitRecord.Skipped skip(Work.Rollback rollback, CommitRecord.SkipReason reason, String detail) {
        return new CommitRecord.Skipped(rollback.cluster().name(), "", null, reason, detail, null, null,
                rollback.cause());
    }
}
