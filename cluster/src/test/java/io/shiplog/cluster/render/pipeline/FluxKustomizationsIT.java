package io.shiplog.cluster.render.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.cluster.manifest.LoadResult;
import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.render.ObjectDecryptor;
import io.shiplog.cluster.render.RenderOptions;
import io.shiplog.cluster.render.RenderSettings;
import io.shiplog.cluster.render.TestCommits;
import io.shiplog.cluster.render.tool.RenderTools;
import io.shiplog.local.render.RenderToolsDir;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flux Kustomization objects rendered as units, with the real kustomize (SHIPLOG_RENDER_TOOLS). */
class FluxKustomizationsIT {

    @TempDir
    Path dir;
    private Repository repo;
    private Renderer renderer;

    @BeforeEach
    void setUp() throws Exception {
        RenderToolsDir.locate();
        repo = TestCommits.bare(dir.resolve("r.git"));
        renderer = new Renderer(RenderSettings.defaults(dir.resolve("work")), RenderTools.fromEnvironment(),
                ObjectDecryptor.NONE, new SimpleMeterRegistry());
    }

    @AfterEach
    void tearDown() {
        renderer.close();
        repo.close();
    }

    private LoadResult load(ObjectId commit, String... paths) throws Exception {
        return renderer.load(repo, commit, List.of(paths), RenderOptions.LOCAL);
    }

    private static Manifest find(LoadResult result, String kind, String name) {
        return RendererIT.find(result, kind, name);
    }

    @Test
    void fluxKustomizationObjectsAreRenderedAsUnitsAndNeitherTheyNorGitRepositoriesAreApplied() throws Exception {
        Map<String, String> files = RendererIT.fluxLike();
        files.put("clusters/staging/flux-system/gotk-sync.yaml", """
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: GitRepository
                metadata: {name: flux-system, namespace: flux-system}
                spec: {url: https://github.com/example/fleet, ref: {branch: main}, interval: 1m}
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: flux-system, namespace: flux-system}
                spec:
                  interval: 10m
                  path: ./clusters/staging
                  prune: true
                  sourceRef: {kind: GitRepository, name: flux-system}
                """);
        files.put("clusters/staging/apps.yaml", """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: apps, namespace: flux-system}
                spec:
                  interval: 10m
                  dependsOn: [{name: infra-controllers}]
                  path: ./apps/staging
                  prune: true
                  sourceRef: {kind: GitRepository, name: flux-system}
                  images:
                  - {name: ghcr.io/stefanprodan/podinfo, newTag: 6.6.0}
                """);
        files.put("clusters/staging/infrastructure.yaml", """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: infra-controllers, namespace: flux-system}
                spec:
                  interval: 1h
                  path: ./infrastructure/controllers
                  prune: false
                  targetNamespace: infra
                  namePrefix: staging-
                  sourceRef: {kind: GitRepository, name: flux-system}
                  commonMetadata:
                    labels: {cluster: staging}
                  patches:
                  - patch: |
                      - {op: add, path: /data/patched, value: "yes"}
                    target: {kind: ConfigMap}
                  postBuild:
                    substitute: {cluster_env: staging}
                """);
        files.put("infrastructure/controllers/settings.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                data:
                  env: ${cluster_env}
                  region: ${region:=eu-west-1}
                  escaped: $${kept}
                """);
        files.put("infrastructure/controllers/values.yaml", "replicas: 2\n");
        files.put("clusters/staging/bad.yaml", """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: bad, namespace: flux-system}
                spec:
                  path: ./apps/staging
                  serviceAccountName: deployer
                  sourceRef: {kind: GitRepository, name: flux-system}
                """);
        ObjectId commit = TestCommits.commit(repo, files);

        LoadResult result = load(commit, "clusters/staging");

        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.sourcePath()).isEqualTo("clusters/staging/bad.yaml");
            assertThat(f.message()).startsWith("flux-kustomization kustomize.toolkit.fluxcd.io/Kustomization "
                    + "flux-system/bad (clusters/staging/bad.yaml#1) failed: spec.serviceAccountName is not supported");
        });
        assertThat(result.manifests()).noneMatch(m -> m.key().group().endsWith("toolkit.fluxcd.io"));
        Manifest deployment = find(result, "Deployment", "podinfo");
        assertThat(deployment.sourcePath()).isEqualTo("clusters/staging/apps.yaml");
        assertThat(deployment.body().toString()).contains("ghcr.io/stefanprodan/podinfo:6.6.0", "\"replicas\":2");
        Manifest settings = find(result, "ConfigMap", "staging-settings");
        assertThat(settings.key().namespace()).isEqualTo("infra");
        JsonObject data = settings.body().getAsJsonObject("data");
        assertThat(data.get("env").getAsString()).isEqualTo("staging");
        assertThat(data.get("region").getAsString()).isEqualTo("eu-west-1");
        assertThat(data.get("escaped").getAsString()).isEqualTo("${kept}");
        assertThat(data.get("patched").getAsString()).isEqualTo("yes");
        JsonObject metadata = settings.body().getAsJsonObject("metadata");
        assertThat(metadata.getAsJsonObject("labels").get("cluster").getAsString()).isEqualTo("staging");
        assertThat(metadata.getAsJsonObject("annotations").get("shiplog.io/prune").getAsString())
                .as("prune: false").isEqualTo("disabled");
        assertThat(result.manifests()).noneMatch(m -> m.body().toString().contains("\"replicas\":2")
                && m.key().kind().equals("ConfigMap"));
    }
}
