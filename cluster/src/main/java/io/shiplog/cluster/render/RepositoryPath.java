package io.shiplog.cluster.render;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** Paths inside a repository: relative, {@code /}-separated, "" for the root. */
public final class RepositoryPath {

    private RepositoryPath() {
    }

    /**
     * {@code reference} (relative) resolved against directory {@code directory}, or empty when it is absolute or
     * climbs above the repository root.
     */
    public static Optional<String> resolve(String directory, String reference) {
        if (reference.startsWith("/") || reference.startsWith("\\") || reference.matches("^[A-Za-z]:[\\\\/].*")) {
            return Optional.empty();
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String part : (directory.isEmpty() ? reference : directory + "/" + reference).split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (segments.isEmpty()) {
                    return Optional.empty();
                }
                segments.removeLast();
            } else {
                segments.addLast(part);
            }
        }
        return Optional.of(String.join("/", segments));
    }

    /** The directory holding {@code path} ("" at the root). */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** Whether {@code path} is {@code directory} or inside it. */
    public static boolean isWithin(String path, String directory) {
        return directory.isEmpty() || path.equals(directory) || path.startsWith(directory + "/");
    }
}
