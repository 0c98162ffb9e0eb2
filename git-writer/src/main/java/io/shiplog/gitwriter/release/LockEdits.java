package io.shiplog.gitwriter.release;

import io.shiplog.gitwriter.manifest.LockEditor;
import io.shiplog.gitwriter.manifest.RepositorySnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Applies a batch's planned locks on top of its value edits: each lock re-reads the file as the value edits left
 * it, so both land in one commit. A lock already in place (or an unlock with nothing to remove) and a document that
 * cannot take the annotation become {@link CommitRecord.Skipped}.
 */
final class LockEdits {

    /** The locks that changed bytes, and the skipped ones. */
    record Result(List<LockChange> applied, List<CommitRecord.Skipped> skipped) {
    }

    private LockEdits() {
    }

    /** Adds the lock edits to {@code files} (path → new bytes, already holding the value edits). */
    static Result apply(RepositorySnapshot snapshot, Map<String, byte[]> files, List<LockChange> locks)
            throws IOException {
        List<LockChange> applied = new ArrayList<>();
        List<CommitRecord.Skipped> skipped = new ArrayList<>();
        for (LockChange lock : locks) {
            byte[] before = files.containsKey(lock.path()) ? files.get(lock.path()) : snapshot.read(lock.path());
            String what = (lock.lock() ? "lock" : "unlock") + " of " + lock.path() + " document "
                    + lock.documentIndex() + (lock.object() == null ? "" : " (" + lock.object() + ")");
            String workload = lock.object() == null ? lock.path() : lock.object().toString();
            try {
                byte[] after = LockEditor.apply(before, lock.documentIndex(), lock.container(), lock.lock());
                if (Arrays.equals(before, after)) {
                    skipped.add(new CommitRecord.Skipped(workload, "", null, CommitRecord.SkipReason.ALREADY_CURRENT,
                            what + ": " + (lock.lock() ? LockEditor.annotation(lock.container())
                                    + " is already \"true\"" : "no " + LockEditor.annotation(lock.container())
                                    + " annotation to remove"), lock.path(), null, lock.cause()));
                } else {
                    files.put(lock.path(), after);
                    applied.add(lock);
                }
            } catch (LockEditor.LockEditException e) {
                skipped.add(new CommitRecord.Skipped(workload, "", null, CommitRecord.SkipReason.OTHER,
                        what + " impossible: " + e.getMessage(), lock.path(), null, lock.cause()));
            }
        }
        return new Result(applied, skipped);
    }
}
