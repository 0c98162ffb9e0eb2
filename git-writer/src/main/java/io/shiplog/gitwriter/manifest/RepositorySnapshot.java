package io.shiplog.gitwriter.manifest;

import java.io.IOException;
import java.util.List;

/**
 * A read-only view of a config repository at one point: a work tree on disk ({@link DirectorySnapshot}) or a
 * commit in a git object database. Paths are repository-relative and {@code /}-separated.
 */
public interface RepositorySnapshot {

    /** Kinds of entries; directories are not listed. */
    enum Kind { FILE, SYMLINK }

    /** One entry: path, kind and size in bytes (for a symlink, the length of its target). */
    record Entry(String path, Kind kind, long size) {
    }

    /** Every file and symlink, in a stable order. */
    List<Entry> entries() throws IOException;

    /** The bytes of a file. */
    byte[] read(String path) throws IOException;

    /** The target of a symlink, as stored (relative or absolute). */
    String linkTarget(String path) throws IOException;
}
