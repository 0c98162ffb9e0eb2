package io.shiplog.cluster.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * One commit's tree, read from the object database (no work tree). Not thread-safe: each thread {@link #fork()}s
 * its own.
 */
public final class CommitView implements AutoCloseable {

    private final Repository repository;
    private final ObjectId commit;
    private final RevTree tree;
    private final ObjectReader reader;

    private CommitView(Repository repository, ObjectId commit, RevTree tree) {
        this.repository = repository;
        this.commit = commit;
        this.tree = tree;
        this.reader = repository.newObjectReader();
    }

    /** The tree of {@code commit}; a {@link org.eclipse.jgit.errors.MissingObjectException} when it is not there. */
    public static CommitView open(Repository repository, ObjectId commit) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            return new CommitView(repository, commit, walk.parseCommit(commit).getTree());
        }
    }

    /** A view of the same commit with a reader of its own. */
    public CommitView fork() {
        return new CommitView(repository, commit, tree);
    }

    /** One entry of the tree. */
    public record Entry(String path, FileMode mode, ObjectId id) {

        public boolean isTree() {
            return mode == FileMode.TREE;
        }

        public boolean isFile() {
            return mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE;
        }

        public boolean isSymlink() {
            return mode == FileMode.SYMLINK;
        }
    }

    public ObjectId commit() {
        return commit;
    }

    public RevTree tree() {
        return tree;
    }

    public ObjectReader reader() {
        return reader;
    }

    /** The entry at {@code path} ("" is the root tree); symbolic links are not followed. */
    public Optional<Entry> entry(String path) throws IOException {
        if (path.isEmpty()) {
            return Optional.of(new Entry("", FileMode.TREE, tree));
        }
        try (TreeWalk found = TreeWalk.forPath(reader, path, tree)) {
            return found == null ? Optional.empty()
                    : Optional.of(new Entry(path, found.getFileMode(0), found.getObjectId(0)));
        }
    }

    public long size(ObjectId blob) throws IOException {
        return reader.getObjectSize(blob, Constants.OBJ_BLOB);
    }

    public byte[] read(ObjectId blob) throws IOException {
        return reader.open(blob, Constants.OBJ_BLOB).getBytes();
    }

    /** The target a symbolic link names. */
    public String linkTarget(ObjectId link) throws IOException {
        return new String(read(link), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        reader.close();
    }
}
