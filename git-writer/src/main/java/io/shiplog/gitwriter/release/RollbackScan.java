package io.shiplog.gitwriter.release;

import io.shiplog.gitwriter.manifest.ScanResult;

/**
 * A rollback's target looked up at the head a batch is planned on: the commit and its scan, or why there is none.
 *
 * @param commit  the target commit's sha; null when refused
 * @param scan    the automated images at that commit; null when refused
 * @param refused why the rollback cannot go ahead (the target is not on the branch); null when it can
 * @param doneBy  the commit of the branch that already answers this very command (a redelivered or replayed
 *                record); null when none does
 */
public record RollbackScan(String commit, ScanResult scan, String refused, String doneBy) {

    public RollbackScan(String commit, ScanResult scan) {
        this(commit, scan, null, null);
    }

    public static RollbackScan refused(String why) {
        return new RollbackScan(null, null, why, null);
    }

    public static RollbackScan done(String commit) {
        return new RollbackScan(null, null, null, commit);
    }
}
