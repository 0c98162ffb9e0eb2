package io.shiplog.cluster.render;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** Commits written straight into a bare repository: files, and symbolic links (path → target). */
public final class TestCommits {

    private TestCommits() {
    }

    public static Repository bare(Path dir) throws Exception {
        Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
        repo.create(true);
        return repo;
    }

    public static ObjectId commit(Repository repo, Map<String, String> files) throws Exception {
        return commit(repo, files, Map.of());
    }

    public static ObjectId commit(Repository repo, Map<String, String> files, Map<String, String> links)
            throws Exception {
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            DirCache index = DirCache.newInCore();
            DirCacheEditor editor = index.editor();
            add(editor, inserter, files, FileMode.REGULAR_FILE);
            add(editor, inserter, links, FileMode.SYMLINK);
            editor.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            PersonIdent ident = new PersonIdent("t", "t@t");
            commit.setAuthor(ident);
            commit.setCommitter(ident);
            commit.setMessage("m");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    private static void add(DirCacheEditor editor, ObjectInserter inserter, Map<String, String> entries,
                            FileMode mode) throws Exception {
        for (var entry : entries.entrySet()) {
            ObjectId blob = inserter.insert(Constants.OBJ_BLOB, entry.getValue().getBytes(StandardCharsets.UTF_8));
            editor.add(new DirCacheEditor.PathEdit(entry.getKey()) {
                @Override
                public void apply(DirCacheEntry e) {
                    e.setFileMode(mode);
                    e.setObjectId(blob);
                }
            });
        }
    }
}
