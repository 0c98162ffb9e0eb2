package io.shiplog.cluster.manifest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;

/**
 * Reads a cluster's paths at a commit straight from a repository's object database (no work tree): every
 * {@code .yaml}, {@code .yml} and {@code .json} file under the paths, recursively, minus what
 * {@code .shiplogignore} files exclude, parsed by {@link ManifestParser}.
 */
public final class ManifestLoader {

    /** Files larger than this are rejected rather than parsed. */
    public static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    private ManifestLoader() {
    }

    /**
     * Loads {@code paths} (directories or files, relative to the repository root; "" or "." is the root) at
     * {@code commit}. Fails with {@link MissingObjectException} when the commit is not in the repository.
     */
    public static LoadResult load(Repository repository, ObjectId commit, List<String> paths) throws IOException {
        List<String> normalized = normalize(paths);
        try (RevWalk walk = new RevWalk(repository); ObjectReader reader = repository.newObjectReader()) {
            RevCommit revCommit = walk.parseCommit(commit);
            RevTree tree = revCommit.getTree();
            TreeMap<String, ObjectId> files = new TreeMap<>();
            ShiplogIgnore ignore = new ShiplogIgnore();
            try (TreeWalk treeWalk = new TreeWalk(reader)) {
                treeWalk.addTree(tree);
                treeWalk.setRecursive(true);
                if (!normalized.contains("")) {
                    treeWalk.setFilter(PathFilterGroup.createFromStrings(normalized));
                }
                while (treeWalk.next()) {
                    FileMode mode = treeWalk.getFileMode(0);
                    if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                        continue;
                    }
                    String path = treeWalk.getPathString();
                    if (path.equals(ShiplogIgnore.FILE_NAME) || path.endsWith("/" + ShiplogIgnore.FILE_NAME)) {
                        ignore.add(ShiplogIgnore.parent(path), reader.open(treeWalk.getObjectId(0),
                                Constants.OBJ_BLOB).getBytes());
                    } else if (isManifestFile(path)) {
                        files.put(path, treeWalk.getObjectId(0));
                    }
                }
            }
            addAncestorIgnores(reader, tree, normalized, ignore);
            List<Manifest> manifests = new ArrayList<>();
            List<LoadFailure> failures = new ArrayList<>();
            int read = 0;
            for (var file : files.entrySet()) {
                if (ignore.ignores(file.getKey())) {
                    continue;
                }
                read++;
                long size = reader.getObjectSize(file.getValue(), Constants.OBJ_BLOB);
                if (size > MAX_FILE_BYTES) {
                    failures.add(new LoadFailure(file.getKey(), 0, java.util.Optional.empty(), file.getKey()
                            + " is " + size + " bytes, more than the " + MAX_FILE_BYTES + " a manifest file may have"));
                    continue;
                }
                byte[] bytes = reader.open(file.getValue(), Constants.OBJ_BLOB).getBytes();
                ManifestParser.parse(file.getKey(), bytes, manifests, failures);
            }
            return new LoadResult(commit.name(), manifests, failures, read);
        }
    }

    /** Ignore files in the directories above each path (the walk only sees those inside the paths). */
    public static void addAncestorIgnores(ObjectReader reader, RevTree tree, List<String> paths,
                                           ShiplogIgnore ignore) throws IOException {
        Set<String> directories = new LinkedHashSet<>();
        for (String path : paths) {
            if (path.isEmpty()) {
                continue;
            }
            directories.add("");
            String dir = ShiplogIgnore.parent(path);
            while (!dir.isEmpty()) {
                directories.add(dir);
                dir = ShiplogIgnore.parent(dir);
            }
        }
        for (String dir : directories) {
            String file = dir.isEmpty() ? ShiplogIgnore.FILE_NAME : dir + "/" + ShiplogIgnore.FILE_NAME;
            try (TreeWalk found = TreeWalk.forPath(reader, file, tree)) {
                if (found != null && found.getFileMode(0).getObjectType() == Constants.OBJ_BLOB) {
                    ignore.add(dir, reader.open(found.getObjectId(0), Constants.OBJ_BLOB).getBytes());
                }
            }
        }
    }

    /** Whether {@code path} names a manifest file (.yaml, .yml, .json). */
    public static boolean isManifestFile(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json");
    }

    /** Paths without leading, trailing or doubled slashes; "." and "/" mean the root (""). */
    public static List<String> normalize(List<String> paths) {
        List<String> normalized = new ArrayList<>();
        for (String path : paths) {
            String p = path.strip().replaceAll("/+", "/");
            while (p.startsWith("./")) {
                p = p.substring(2);
            }
            p = p.replaceAll("^/+|/+$", "");
            if (p.equals(".")) {
                p = "";
            }
            if (!normalized.contains(p)) {
                normalized.add(p);
            }
        }
        return normalized;
    }
}
