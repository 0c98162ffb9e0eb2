package io.shiplog.cluster.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestLoaderTest {

    @TempDir
    Path dir;

    private static String cm(String name) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + "}\n";
    }

    private ObjectId commit(Repository repo, Map<String, String> files) throws Exception {
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            DirCache index = DirCache.newInCore();
            DirCacheEditor editor = index.editor();
            for (var file : files.entrySet()) {
                ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(StandardCharsets.UTF_8));
                editor.add(new DirCacheEditor.PathEdit(file.getKey()) {
                    @Override
                    public void apply(DirCacheEntry entry) {
                        entry.setFileMode(FileMode.REGULAR_FILE);
                        entry.setObjectId(blob);
                    }
                });
            }
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

    private Repository repo() throws Exception {
        Repository repo = new FileRepositoryBuilder().setGitDir(dir.resolve("r.git").toFile()).setBare().build();
        repo.create(true);
        return repo;
    }

    @Test
    void readsManifestsUnderThePathsRecursivelyAndNothingElse() throws Exception {
        try (Repository repo = repo()) {
            ObjectId sha = commit(repo, Map.of(
                    "clusters/prod/a.yaml", cm("a"),
                    "clusters/prod/deep/b.yml", cm("b"),
                    "clusters/prod/notes.txt", "not yaml",
                    "clusters/dev/c.yaml", cm("c"),
                    "shared/d.json", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"d\"}}"));
            LoadResult result = ManifestLoader.load(repo, sha, List.of("clusters/prod/", "./shared"));
            assertThat(result.manifests()).extracting(m -> m.key().name()).containsExactlyInAnyOrder("a", "b", "d");
            assertThat(result.files()).isEqualTo(3);
        }
    }

    @Test
    void shiplogIgnoreFilesExcludePathsBelowThem() throws Exception {
        try (Repository repo = repo()) {
            ObjectId sha = commit(repo, Map.of(
                    ".shiplogignore", "drafts/\n",
                    "apps/.shiplogignore", "*.local.yaml\n!keep.local.yaml\n",
                    "apps/a.yaml", cm("a"),
                    "apps/b.local.yaml", cm("b"),
                    "apps/keep.local.yaml", cm("keep"),
                    "apps/drafts/c.yaml", cm("c")));
            LoadResult result = ManifestLoader.load(repo, sha, List.of("apps"));
            assertThat(result.manifests()).extracting(m -> m.key().name()).containsExactlyInAnyOrder("a", "keep");
        }
    }

    @Test
    void theRootPathReadsTheWholeTree() throws Exception {
        try (Repository repo = repo()) {
            ObjectId sha = commit(repo, Map.of("x.yaml", cm("x"), "y/z.yaml", cm("z")));
            assertThat(ManifestLoader.load(repo, sha, List.of(".")).manifests()).hasSize(2);
        }
    }
}
