package io.shiplog.cluster.manifest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * The {@code .shiplogignore} files of a commit, with {@code .gitignore} syntax: each applies to the paths below the
 * directory holding it, a deeper file's rule wins, and nothing below an excluded directory is read.
 */
public final class ShiplogIgnore {

    /** The file name. */
    public static final String FILE_NAME = ".shiplogignore";

    private final Map<String, IgnoreNode> byDirectory = new HashMap<>();

    /** Adds the rules of the ignore file in {@code directory} ("" for the repository root). */
    public void add(String directory, byte[] content) {
        IgnoreNode node = new IgnoreNode();
        try {
            node.parse(new ByteArrayInputStream(content));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory + "/" + FILE_NAME, e);
        }
        byDirectory.put(directory, node);
    }

    public boolean isEmpty() {
        return byDirectory.isEmpty();
    }

    /** Whether {@code filePath} or one of its directories is excluded. */
    public boolean ignores(String filePath) {
        if (byDirectory.isEmpty()) {
            return false;
        }
        int from = 0;
        while (true) {
            int slash = filePath.indexOf('/', from);
            boolean directory = slash >= 0;
            String prefix = directory ? filePath.substring(0, slash) : filePath;
            if (excluded(prefix, directory)) {
                return true;
            }
            if (!directory) {
                return false;
            }
            from = slash + 1;
        }
    }

    /** Whether directory {@code directory} ("" is the root, never excluded) or one above it is excluded. */
    public boolean ignoresDirectory(String directory) {
        if (directory.isEmpty() || byDirectory.isEmpty()) {
            return false;
        }
        int from = 0;
        while (true) {
            int slash = directory.indexOf('/', from);
            if (excluded(slash < 0 ? directory : directory.substring(0, slash), true)) {
                return true;
            }
            if (slash < 0) {
                return false;
            }
            from = slash + 1;
        }
    }

    /** Asks the ignore files from the deepest directory above {@code path} up to the root; the first match wins. */
    private boolean excluded(String path, boolean directory) {
        String dir = parent(path);
        while (true) {
            IgnoreNode node = byDirectory.get(dir);
            if (node != null) {
                String relative = dir.isEmpty() ? path : path.substring(dir.length() + 1);
                Boolean ignored = node.checkIgnored(relative, directory);
                if (ignored != null) {
                    return ignored;
                }
            }
            if (dir.isEmpty()) {
                return false;
            }
            dir = parent(dir);
        }
    }

    /** The directory holding {@code path} ("" at the root). */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
