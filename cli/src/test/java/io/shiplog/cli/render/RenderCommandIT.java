package io.shiplog.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.cli.CliRun;
import io.shiplog.local.render.RenderToolsDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** {@code shiplog render} on a real clone with the real kustomize (SHIPLOG_RENDER_TOOLS, scripts/render-tools.sh). */
class RenderCommandIT {

    private static final String FLEET = """
            apiVersion: shiplog.io/v1alpha1
            kind: Fleet
            repositories:
              - name: fleet
                url: https://git.example.com/platform/fleet.git
            clusters:
              - name: staging
                paths: [clusters/staging]
                inCluster: true
            """;

    @TempDir
    Path dir;
    private Path repo;
    private Path fleet;

    @BeforeEach
    void setUp() throws Exception {
        RenderToolsDir.locate();
        repo = dir.resolve("fleet");
        fleet = Files.writeString(dir.resolve("shiplog.yaml"), FLEET);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("apps/base/kustomization.yaml", "namespace: web\nresources: [deployment.yaml]\n");
        files.put("apps/base/deployment.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  replicas: 1
                  template:
                    spec:
                      containers:
                      - name: web
                        image: example.com/web:1.0.0
                """);
        files.put("clusters/staging/web/kustomization.yaml", """
                resources: [../../../apps/base]
                images:
                - name: example.com/web
                  newTag: 1.2.0
                patches:
                - patch: |-
                    - {op: replace, path: /spec/replicas, value: 3}
                  target: {kind: Deployment}
                """);
        files.put("clusters/staging/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n");
        commit(files);
    }

    private void commit(Map<String, String> files) throws Exception {
        try (Git git = Files.exists(repo) ? Git.open(repo.toFile()) : Git.init().setDirectory(repo.toFile())
                .setInitialBranch("main").call()) {
            for (var file : files.entrySet()) {
                Path path = repo.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            git.add().addFilepattern(".").call();
            git.commit().setMessage("change").setAuthor("t", "t@t").setCommitter("t", "t@t").call();
        }
    }

    @Test
    void printsWhatTheApplierWouldApplyForAClusterAsYamlDocuments() {
        CliRun run = CliRun.run("", "render", "--repo", repo.toString(), "--cluster", "staging",
                "--config", fleet.toString());

        assertThat(run.status()).as(run.err()).isZero();
        List<Object> documents = toList(new Yaml().loadAll(run.out()));
        assertThat(documents).hasSize(2);
        assertThat(run.out()).contains("---\n").contains("kind: Namespace").contains("image: example.com/web:1.2.0")
                .contains("replicas: 3").contains("namespace: web").doesNotContain("Kustomization");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void rendersTheCommitNotTheWorkTreeAndNamesAFailingUnitWithExitOne() throws Exception {
        commit(Map.of("clusters/staging/remote/kustomization.yaml",
                "resources:\n- https://github.com/example/app//deploy?ref=v1\n"));
        Files.writeString(repo.resolve("clusters/staging/namespace.yaml"), "not committed: [");

        CliRun run = CliRun.run("", "render", "--repo", repo.toString(), "--path", "clusters/staging");

        assertThat(run.status()).isEqualTo(RenderCommand.FAILED);
        assertThat(run.out()).contains("kind: Namespace").contains("image: example.com/web:1.2.0");
        assertThat(run.err()).contains("clusters/staging/remote: kustomize unit clusters/staging/remote failed: ")
                .contains("is remote");
    }

    @Test
    void anUnknownClusterOrBothClusterAndPathIsBadUsage() {
        CliRun unknown = CliRun.run("", "render", "--repo", repo.toString(), "--cluster", "prod",
                "--config", fleet.toString());
        assertThat(unknown.status()).isEqualTo(RenderCommand.USAGE);
        assertThat(unknown.err()).contains("cluster prod is not in the fleet file").contains("staging");

        assertThat(CliRun.run("", "render", "--repo", repo.toString(), "--cluster", "staging", "--path", "x")
                .status()).isEqualTo(RenderCommand.USAGE);
        assertThat(CliRun.run("", "render", "--repo", repo.toString()).status()).isEqualTo(RenderCommand.USAGE);
    }

    @Test
    void aDirectoryThatIsNotARepositoryFailsNamingIt() {
        CliRun run = CliRun.run("", "render", "--repo", dir.resolve("nowhere").toString(), "--path", ".");
        assertThat(run.status()).isEqualTo(RenderCommand.FAILED);
        assertThat(run.err()).contains(dir.resolve("nowhere") + " is not a git repository");
    }

    private static List<Object> toList(Iterable<Object> documents) {
        List<Object> list = new java.util.ArrayList<>();
        documents.forEach(list::add);
        return list;
    }
}
