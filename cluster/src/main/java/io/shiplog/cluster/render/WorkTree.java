package io.shiplog.cluster.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A temporary directory laid out like the repository with only what one unit reads, for a renderer to read. Files are
 * written read-only, nothing else of the commit is there, and {@link #close()} removes it all. What git holds is
 * written as it is (SOPS ciphertext stays ciphertext; nothing decrypted is ever written).
 */
public final class WorkTree implements AutoCloseable {

    private final Path directory;
    private final Path root;
    private final long maxBytes;
    private long written;

    private WorkTree(Path directory, long maxBytes) {
        this.directory = directory;
        this.root = directory.resolve("repo");
        this.maxBytes = maxBytes;
    }

    /** A new, empty work tree under {@code parent}, holding at most {@code maxBytes} of files. */
    public static WorkTree create(Path parent, long maxBytes) throws IOException {
        Files.createDirectories(parent);
        WorkTree tree = new WorkTree(Files.createTempDirectory(parent, "unit-"), maxBytes);
        Files.createDirectories(tree.root);
        return tree;
    }

    /** Removes the work trees a stopped process left under {@code parent} (it killed mid-render). */
    public static void removeLeftovers(Path parent) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (Stream<Path> left = Files.list(parent)) {
            left.filter(p -> p.getFileName().toString().startsWith("unit-")).forEach(p -> new WorkTree(p, 0).close());
        } catch (IOException | UncheckedIOException e) {
            // nothing to remove, or not ours to remove: each render uses a fresh directory anyway
        }
    }

    /** The work directory a renderer runs in (its {@code HOME}); the repository is {@link #root()}. */
    public Path directory() {
        return directory;
    }

    /** Where the repository's root is. */
    public Path root() {
        return root;
    }

    /** The on-disk place of repository path {@code path}. */
    public Path resolve(String path) {
        return path.isEmpty() ? root : root.resolve(path);
    }

    /** Removes the paths of this work tree from a renderer's message. */
    public String strip(String message) {
        return message.replace(root + "/", "").replace(root.toString(), ".").replace(directory.toString(), ".");
    }

    /** Writes everything under tree {@code id} at {@code path}, recursively (links as links, submodules left out). */
    public void writeTree(CommitView view, String path, ObjectId id) throws IOException, UnitFailedException {
        Files.createDirectories(resolve(path));
        try (TreeWalk walk = new TreeWalk(view.reader())) {
            walk.addTree(id);
            walk.setRecursive(true);
            while (walk.next()) {
                String child = path.isEmpty() ? walk.getPathString() : path + "/" + walk.getPathString();
                FileMode mode = walk.getFileMode(0);
                if (mode == FileMode.SYMLINK) {
                    writeLink(child, view.linkTarget(walk.getObjectId(0)));
                } else if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
                    writeFile(view, child, walk.getObjectId(0));
                }
            }
        }
    }

    /** Writes blob {@code id} at {@code path} (read-only); nothing when it is there already. */
    public void writeFile(CommitView view, String path, ObjectId id) throws IOException, UnitFailedException {
        Path file = resolve(path);
        if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        written += view.size(id);
        if (written > maxBytes) {
            throw new UnitFailedException("it reads more than " + maxBytes + " bytes from the repository");
        }
        Files.createDirectories(file.getParent());
        Files.write(file, view.read(id));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
    }

    /** Writes a symbolic link at {@code path} (its target was checked to stay in the repository). */
    public void writeLink(String path, String target) throws IOException {
        Path link = resolve(path);
        if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of(target));
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove work tree " + directory, e);
        }
    }
}
