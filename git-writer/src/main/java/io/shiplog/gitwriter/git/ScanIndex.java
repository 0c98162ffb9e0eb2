package io.shiplog.gitwriter.git;

import io.shiplog.gitwriter.manifest.FileScan;
import io.shiplog.gitwriter.manifest.ManifestScanner;
import io.shiplog.gitwriter.manifest.RepositorySnapshot;
import io.shiplog.gitwriter.manifest.ScanResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The scan of the repository at one tree, kept up to date incrementally: moving to a new tree diffs the two trees
 * and rescans only the entries that changed. Only first-pass results that matter (parsed files and files with
 * problems) are kept; the rest of a large repository costs nothing after the first scan. Not thread-safe.
 */
public final class ScanIndex {

    private final ManifestScanner scanner;
    private final Map<String, FileScan> relevant = new HashMap<>();
    private ObjectId tree;
    private ScanResult result = new ScanResult(List.of(), List.of(), 0);

    public ScanIndex(ManifestScanner scanner) {
        this.scanner = scanner;
    }

    /** The tree the result describes; null before the first {@link #moveTo}. */
    public ObjectId tree() {
        return tree;
    }

    public ScanResult result() {
        return result;
    }

    /** Forgets everything: the next {@link #moveTo} scans the whole tree. */
    public void reset() {
        relevant.clear();
        tree = null;
        result = new ScanResult(List.of(), List.of(), 0);
    }

    /** Scans {@code newTree}: everything the first time, afterwards only the entries that differ. */
    public ScanResult moveTo(ObjectReader reader, AnyObjectId newTree) throws IOException {
        if (tree != null && tree.equals(newTree)) {
            return result;
        }
        RepositorySnapshot snapshot = new TreeSnapshot(reader, newTree);
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.setRecursive(true);
            if (tree == null) {
                walk.addTree(newTree);
            } else {
                walk.addTree(tree);
                walk.addTree(newTree);
                walk.setFilter(TreeFilter.ANY_DIFF);
            }
            int now = tree == null ? 0 : 1;
            while (walk.next()) {
                String path = walk.getPathString();
                FileMode mode = walk.getFileMode(now);
                relevant.remove(path);
                if (mode == FileMode.MISSING) {
                    continue;
                }
                RepositorySnapshot.Entry entry = TreeSnapshot.entry(reader, path, mode, walk.getObjectId(now));
                if (entry == null) {
                    continue;
                }
                FileScan scan = scanner.scanFile(snapshot, entry);
                if (scan.parsed() || !scan.problems().isEmpty()) {
                    relevant.put(path, scan);
                }
            }
        }
        tree = newTree.copy();
        result = scanner.resolve(new ArrayList<>(relevant.values()));
        return result;
    }
}
