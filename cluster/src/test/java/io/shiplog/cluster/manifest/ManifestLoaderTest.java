package io.shiplog.cluster.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.cluster.render.TestCommits;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestLoaderTest {

    @TempDir
    Path dir;

    private static String cm(String name) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + "}\n";
    }

    private ObjectId commit(Repository repo, Map<String, String> files) throws Exception {
        return TestCommits.commit(repo, files);
    }

    private Repository repo() throws Exception {
        return TestCommits.bare(dir.resolve("r.git"));
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
