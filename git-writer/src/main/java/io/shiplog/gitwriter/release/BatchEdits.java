package io.shiplog.gitwriter.release;

import io.shiplog.gitwriter.edit.EditConflictException;
import io.shiplog.gitwriter.edit.FileEdits;
import io.shiplog.gitwriter.manifest.RepositorySnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes a planned batch writes at one head: the value edits of every change, then the lock edits on top (so
 * both land in one commit), with the per-value changes for the events and everything that was skipped.
 *
 * @param plan    the plan the edits come from
 * @param files   path → new bytes; empty when nothing changes
 * @param changes one entry per changed value
 * @param locks   the lock edits that changed bytes
 * @param skipped the work that changed nothing, with the reason
 */
record BatchEdits(BatchPlanner.Plan plan, Map<String, byte[]> files, List<ChangedValue> changes,
                  List<LockChange> locks, List<CommitRecord.Skipped> skipped) {

    /** Applies {@code plan} to the files of {@code snapshot}, the tree it was planned on. */
    static BatchEdits of(BatchPlanner.Plan plan, RepositorySnapshot snapshot)
            throws IOException, EditConflictException {
        Map<String, byte[]> files = new LinkedHashMap<>(FileEdits.apply(snapshot, plan.changes()));
        LockEdits.Result locks = LockEdits.apply(snapshot, files, plan.locks());
        List<CommitRecord.Skipped> skipped = new ArrayList<>(plan.skipped());
        skipped.addAll(locks.skipped());
        return new BatchEdits(plan, files, plan.changes().stream().map(ChangedValue::of).toList(), locks.applied(),
                List.copyOf(skipped));
    }

    boolean empty() {
        return files.isEmpty();
    }
}
