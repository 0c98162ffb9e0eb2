package io.shiplog.gitwriter.git;

import io.shiplog.gitwriter.manifest.ManifestScanner;
import io.shiplog.gitwriter.manifest.RepositorySnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.TreeWalk;

/** A commit's tree as a {@link RepositorySnapshot}, read from the object database (no work tree). */
final class TreeSnapshot implements RepositorySnapshot {

    private final ObjectReader reader;
    private final AnyObjectId tree;

    TreeSnapshot(ObjectReader reader, AnyObjectId tree) {
        this.reader = reader;
        this.tree = tree;
    }

    @Override
    public List<Entry> entries() throws IOException {
        List<Entry> out = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(tree);
            walk.setRecursive(true);
            while (walk.next()) {
                Entry entry = entry(reader, walk.getPathString(), walk.getFileMode(0), walk.getObjectId(0));
                if (entry != null) {
                    out.add(entry);
                }
            }
        }
        return out;
    }

    /** The snapshot entry of one tree entry (null for submodules); sizes are looked up for YAML files and links. */
    static Entry entry(ObjectReader reader, String path, FileMode mode, ObjectId id) throws IOException {
        if (mode == FileMode.SYMLINK) {
            return new Entry(path, Kind.SYMLINK, reader.getObjectSize(id, Constants.OBJ_BLOB));
        }
        if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
            return null;
        }
        long size = ManifestScanner.isManifest(path) ? reader.getObjectSize(id, Constants.OBJ_BLOB) : 0;
        return new Entry(path, Kind.FILE, size);
    }

    @Override
    public byte[] read(String path) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(reader, path, tree)) {
            if (walk == null) {
                throw new java.io.FileNotFoundException(path + " is not in tree " + tree.name());
            }
            return reader.open(walk.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
        }
    }

    @Override
    public String linkTarget(String path) throws IOException {
        return new String(read(path), StandardCharsets.UTF_8);
    }
}
