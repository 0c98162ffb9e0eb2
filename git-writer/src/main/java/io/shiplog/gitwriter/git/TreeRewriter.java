package io.shiplog.gitwriter.git;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Writes a new tree that differs from a base tree only in the contents of some existing files. Only the trees on
 * the paths to those files are read and written, so the cost grows with the files changed and the depth of their
 * directories, not with the size of the repository. File modes and entry names are copied byte for byte.
 */
final class TreeRewriter {

    private TreeRewriter() {
    }

    /**
     * @param files repository-relative path → new blob id; every path must be an existing file of {@code tree}
     * @throws IllegalArgumentException when a path is not a file in the tree
     */
    static ObjectId rewrite(ObjectReader reader, ObjectInserter inserter, AnyObjectId tree,
                            Map<String, ObjectId> files) throws IOException {
        Map<String, ObjectId> here = new HashMap<>();
        Map<String, Map<String, ObjectId>> below = new HashMap<>();
        for (Map.Entry<String, ObjectId> file : files.entrySet()) {
            String path = file.getKey();
            int slash = path.indexOf('/');
            if (slash < 0) {
                here.put(path, file.getValue());
            } else {
                below.computeIfAbsent(path.substring(0, slash), k -> new HashMap<>())
                        .put(path.substring(slash + 1), file.getValue());
            }
        }
        TreeFormatter formatter = new TreeFormatter();
        CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
        int matched = 0;
        for (; !parser.eof(); parser.next()) {
            String name = parser.getEntryPathString();
            FileMode mode = parser.getEntryFileMode();
            ObjectId id = parser.getEntryObjectId();
            if (here.containsKey(name) && (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE)) {
                id = here.get(name);
                matched++;
            } else if (below.containsKey(name) && mode == FileMode.TREE) {
                id = rewrite(reader, inserter, id, below.get(name));
                matched++;
            }
            formatter.append(parser.getEntryPathBuffer(), 0, parser.getEntryPathLength(), mode, id);
        }
        if (matched != here.size() + below.size()) {
            throw new IllegalArgumentException("not every changed path is a file of tree " + tree.name() + ": "
                    + files.keySet());
        }
        return inserter.insert(formatter);
    }
}
