package io.shiplog.gitwriter.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A {@link RepositorySnapshot} over a directory on disk; {@code .git} is skipped and symlinks are not followed. */
public final class DirectorySnapshot implements RepositorySnapshot {

    private final Path root;

    public DirectorySnapshot(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("not a directory: " + root);
        }
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public List<Entry> entries() throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (rel.isEmpty() || rel.equals(".git") || rel.startsWith(".git/")) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    entries.add(new Entry(rel, Kind.SYMLINK, Files.readSymbolicLink(p).toString().length()));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    entries.add(new Entry(rel, Kind.FILE, Files.size(p)));
                }
            }
        }
        return entries;
    }

    @Override
    public byte[] read(String path) throws IOException {
        return Files.readAllBytes(resolve(path));
    }

    @Override
    public String linkTarget(String path) throws IOException {
        return Files.readSymbolicLink(resolve(path)).toString();
    }

    /** The file of a repository path; throws for a path that leaves the directory. */
    public Path resolve(String path) {
        Path p = root.resolve(path).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("path leaves " + root + ": " + path);
        }
        return p;
    }
}
