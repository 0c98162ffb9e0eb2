package io.shiplog.cluster.render.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.cluster.manifest.LoadFailure;
import io.shiplog.cluster.manifest.LoadResult;
import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.render.ObjectDecryptor;
import io.shiplog.cluster.render.RenderOptions;
import io.shiplog.cluster.render.RenderSettings;
import io.shiplog.cluster.render.TestCommits;
import io.shiplog.cluster.render.tool.RenderTools;
import io.shiplog.local.render.RenderToolsDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The renderer over real commits with the real kustomize (SHIPLOG_RENDER_TOOLS, scripts/render-tools.sh). */
class RendererIT {

    static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: podinfo
            spec:
              replicas: 1
              selector:
                matchLabels: {app: podinfo}
              template:
                metadata:
                  labels: {app: podinfo}
                spec:
                  containers:
                  - name: podinfo
                    image: ghcr.io/stefanprodan/podinfo:6.0.0
                    ports:
                    - containerPort: 9898
            """;
    static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: podinfo
            spec:
              selector: {app: podinfo}
              ports:
              - port: 80
                targetPort: 9898
            """;

    @TempDir
    Path dir;
    private Repository repo;
    private SimpleMeterRegistry meters;
    private Renderer renderer;

    /** A repository laid out like Flux's multi-cluster example: apps/base and a staging overlay. */
    static Map<String, String> fluxLike() {
        Map<String, String> files = new HashMap<>();
        files.put("apps/base/podinfo/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: podinfo
                resources: [namespace.yaml, deployment.yaml, service.yaml]
                """);
        files.put("apps/base/podinfo/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: podinfo}\n");
        files.put("apps/base/podinfo/deployment.yaml", DEPLOYMENT);
        files.put("apps/base/podinfo/service.yaml", SERVICE);
        files.put("apps/staging/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [../base/podinfo]
                components: [../components/team-label]
                patches:
                - path: replicas-patch.yaml
                - path: port-patch.yaml
                  target: {kind: Service, name: podinfo}
                images:
                - name: ghcr.io/stefanprodan/podinfo
                  newTag: 6.5.4
                configMapGenerator:
                - name: podinfo-settings
                  namespace: podinfo
                  literals: [LEVEL=debug]
                """);
        files.put("apps/staging/replicas-patch.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: podinfo}
                spec:
                  replicas: 2
                """);
        files.put("apps/staging/port-patch.yaml", """
                - op: replace
                  path: /spec/ports/0/port
                  value: 8080
                """);
        files.put("apps/components/team-label/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1alpha1
                kind: Component
                labels:
                - pairs: {team: web}
                """);
        return files;
    }

    @BeforeEach
    void setUp() throws Exception {
        RenderToolsDir.locate();
        repo = TestCommits.bare(dir.resolve("r.git"));
        meters = new SimpleMeterRegistry();
        renderer = new Renderer(RenderSettings.defaults(dir.resolve("work")), RenderTools.fromEnvironment(),
                ObjectDecryptor.NONE, meters);
    }

    @AfterEach
    void tearDown() {
        renderer.close();
        repo.close();
    }

    private LoadResult load(ObjectId commit, String... paths) throws Exception {
        return renderer.load(repo, commit, List.of(paths), RenderOptions.LOCAL);
    }

    static Manifest find(LoadResult result, String kind, String name) {
        return result.manifests().stream().filter(m -> m.key().kind().equals(kind) && m.key().name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(kind + " " + name + " not rendered: "
                        + result.manifests() + " " + result.failures()));
    }

    private double units(String result) {
        var counter = meters.find("shiplog.render.units").tag("kind", "kustomize").tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void buildsAnOverlayWithPatchesImagesComponentsAndGeneratorsWithTheRealKustomize() throws Exception {
        ObjectId commit = TestCommits.commit(repo, fluxLike());

        LoadResult result = load(commit, "apps/staging");

        assertThat(result.failures()).isEmpty();
        Manifest deployment = find(result, "Deployment", "podinfo");
        JsonObject spec = deployment.body().getAsJsonObject("spec");
        assertThat(spec.get("replicas").getAsInt()).isEqualTo(2);
        assertThat(spec.getAsJsonObject("template").getAsJsonObject("spec").getAsJsonArray("containers").get(0)
                .getAsJsonObject().get("image").getAsString()).isEqualTo("ghcr.io/stefanprodan/podinfo:6.5.4");
        assertThat(deployment.key().namespace()).isEqualTo("podinfo");
        assertThat(deployment.body().getAsJsonObject("metadata").getAsJsonObject("labels").get("team")
                .getAsString()).isEqualTo("web");
        assertThat(deployment.sourcePath()).isEqualTo("apps/staging");
        assertThat(find(result, "Service", "podinfo").body().getAsJsonObject("spec").getAsJsonArray("ports").get(0)
                .getAsJsonObject().get("port").getAsInt()).isEqualTo(8080);
        assertThat(result.manifests()).anyMatch(m -> m.key().kind().equals("ConfigMap")
                && m.key().name().startsWith("podinfo-settings-"));
        assertThat(result.manifests()).noneMatch(m -> m.key().kind().equals("Kustomization"));
        assertThat(result.files()).isEqualTo(1);
        try (Stream<Path> left = Files.list(dir.resolve("work"))) {
            assertThat(left).as("work trees are removed").isEmpty();
        }
    }

    @Test
    void aUnitThatCannotBeRenderedFailsAloneNamingItselfAndTheRestIsReturned() throws Exception {
        Map<String, String> files = fluxLike();
        files.put("clusters/staging/plain.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain}\n");
        files.put("clusters/staging/apps/kustomization.yaml", "resources: [../../../apps/staging]\n");
        files.put("clusters/staging/missing/kustomization.yaml", "resources: [../../../apps/nowhere]\n");
        files.put("clusters/staging/remote/kustomization.yaml",
                "resources:\n- https://github.com/stefanprodan/podinfo//kustomize?ref=6.5.4\n");
        files.put("clusters/staging/shorthand/kustomization.yaml",
                "resources: [github.com/stefanprodan/podinfo/kustomize]\n");
        files.put("clusters/staging/escape/kustomization.yaml", "resources: [../../../../etc]\n");
        files.put("clusters/staging/absolute/kustomization.yaml", "resources: [/etc/hosts]\n");
        files.put("clusters/staging/bomb/kustomization.yaml", """
                a: &a [x, x, x, x, x, x, x, x, x, x]
                b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
                c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
                d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
                e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
                f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
                resources: [*f]
                """);
        files.put("clusters/staging/broken/kustomization.yaml", "resources: [cm.yaml]\npatches: [{path: p.yaml}]\n");
        files.put("clusters/staging/broken/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n");
        files.put("clusters/staging/broken/p.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\n");
        ObjectId commit = TestCommits.commit(repo, files);

        LoadResult result = load(commit, "clusters/staging");

        assertThat(find(result, "Deployment", "podinfo").sourcePath()).isEqualTo("clusters/staging/apps");
        assertThat(find(result, "ConfigMap", "plain").sourcePath()).isEqualTo("clusters/staging/plain.yaml");
        Map<String, String> failures = new HashMap<>();
        for (LoadFailure failure : result.failures()) {
            failures.put(failure.sourcePath(), failure.message());
        }
        assertThat(failures).containsOnlyKeys("clusters/staging/missing", "clusters/staging/remote",
                "clusters/staging/shorthand", "clusters/staging/escape", "clusters/staging/absolute",
                "clusters/staging/bomb", "clusters/staging/broken");
        assertThat(failures.get("clusters/staging/missing")).startsWith("kustomize unit clusters/staging/missing")
                .contains("'../../../apps/nowhere' does not exist in the repository");
        assertThat(failures.get("clusters/staging/remote")).contains("is remote")
                .contains("allowRemoteBases");
        assertThat(failures.get("clusters/staging/shorthand")).contains("is remote");
        assertThat(failures.get("clusters/staging/escape")).contains("leaves the repository");
        assertThat(failures.get("clusters/staging/absolute")).contains("leaves the repository");
        assertThat(failures.get("clusters/staging/bomb")).contains("clusters/staging/bomb/kustomization.yaml")
                .contains("YAML bomb");
        assertThat(failures.get("clusters/staging/broken")).contains("kustomize build failed")
                .doesNotContain(dir.toString());
        assertThat(units("failed")).isEqualTo(7);
        assertThat(units("rendered")).isEqualTo(1);
    }

    @Test
    void aSymbolicLinkOutOfTheRepositoryIsRefusedAndOneInsideItWorks() throws Exception {
        Map<String, String> files = fluxLike();
        files.put("clusters/out/kustomization.yaml", "resources: [cm.yaml]\n");
        files.put("clusters/in/kustomization.yaml", "resources: [base]\n");
        ObjectId commit = TestCommits.commit(repo, files, Map.of("clusters/out/cm.yaml", "../../../../etc/hostname",
                "clusters/in/base", "../../apps/base/podinfo"));

        LoadResult result = load(commit, "clusters");

        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.sourcePath()).isEqualTo("clusters/out");
            assertThat(f.message()).contains("symbolic link clusters/out/cm.yaml points outside the repository");
        });
        assertThat(find(result, "Deployment", "podinfo").sourcePath()).isEqualTo("clusters/in");
    }

    @Test
    void aCommitThatTouchesOneAppRendersOnlyThatUnitAgain() throws Exception {
        Map<String, String> files = fluxLike();
        files.put("apps/production/kustomization.yaml", "resources: [../base/podinfo]\nnamePrefix: prod-\n");
        files.put("apps/other/kustomization.yaml", "resources: [cm.yaml]\n");
        files.put("apps/other/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\n");
        ObjectId first = TestCommits.commit(repo, files);
        assertThat(load(first, "apps/staging", "apps/production", "apps/other").failures()).isEmpty();
        assertThat(units("rendered")).isEqualTo(3);

        files.put("apps/other/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other2}\n");
        LoadResult second = load(TestCommits.commit(repo, files), "apps/staging", "apps/production", "apps/other");
        assertThat(units("rendered")).isEqualTo(4);
        assertThat(units("cached")).isEqualTo(2);
        assertThat(find(second, "ConfigMap", "other2").sourcePath()).isEqualTo("apps/other");
        assertThat(find(second, "Deployment", "prod-podinfo").sourcePath()).isEqualTo("apps/production");

        files.put("apps/base/podinfo/service.yaml", SERVICE.replace("port: 80", "port: 81"));
        load(TestCommits.commit(repo, files), "apps/staging", "apps/production", "apps/other");
        assertThat(units("rendered")).as("both overlays of the changed base").isEqualTo(6);
        assertThat(units("cached")).isEqualTo(3);
        assertThat(meters.find("shiplog.render.duration").timer().count()).isEqualTo(6);
    }

    @Test
    void aKustomizationDirectoryIsOneUnitAndIgnoredOrPlainFilesAreReadAsBefore() throws Exception {
        Map<String, String> files = fluxLike();
        files.put("clusters/prod/app/kustomization.yaml", "resources: [cm.yaml, nested]\n");
        files.put("clusters/prod/app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\n");
        files.put("clusters/prod/app/nested/kustomization.yaml", "resources: [cm.yaml]\n");
        files.put("clusters/prod/app/nested/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: nested}\n");
        files.put("clusters/prod/app/unused.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: unused}\n");
        files.put("clusters/prod/skipped/kustomization.yaml", "resources: [nowhere]\n");
        files.put("clusters/prod/.shiplogignore", "skipped/\n");
        files.put("clusters/prod/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: prod}\n");
        ObjectId commit = TestCommits.commit(repo, files);

        LoadResult result = load(commit, "clusters/prod");

        assertThat(result.failures()).isEmpty();
        assertThat(result.manifests()).extracting(m -> m.key().name() + "@" + m.sourcePath())
                .containsExactlyInAnyOrder("app@clusters/prod/app", "nested@clusters/prod/app",
                        "prod@clusters/prod/ns.yaml");
        assertThat(result.files()).isEqualTo(2);
    }

    @Test
    void aPlainFileEncryptedWithSopsIsDecryptedAtEveryLoadWhileAnUnchangedPlainFileIsParsedOnce() throws Exception {
        Map<String, List<String>> decrypted = new HashMap<>();
        RenderOptions options = new RenderOptions(false, (documents, path) -> {
            decrypted.computeIfAbsent(path, p -> new java.util.ArrayList<>()).add("call");
            return documents.stream().map(d -> {
                JsonObject plain = d.deepCopy();
                plain.remove("sops");
                plain.getAsJsonObject("data").addProperty("key", "plaintext-" + decrypted.get(path).size());
                return plain;
            }).toList();
        }, ObjectDecryptor.NONE, null);
        ObjectId commit = TestCommits.commit(repo, Map.of(
                "clusters/prod/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: x}\n"
                        + "data: {key: 'ENC[AES256_GCM,data:abc]'}\nsops: {version: 3.9.0}\n",
                "clusters/prod/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n"));

        LoadResult first = renderer.load(repo, commit, List.of("clusters/prod"), options);
        LoadResult second = renderer.load(repo, commit, List.of("clusters/prod"), options);

        assertThat(decrypted.get("clusters/prod/secret.yaml")).as("decrypted again at the second load").hasSize(2);
        assertThat(find(first, "Secret", "s").body().getAsJsonObject("data").get("key").getAsString())
                .isEqualTo("plaintext-1");
        assertThat(find(second, "Secret", "s").body().getAsJsonObject("data").get("key").getAsString())
                .isEqualTo("plaintext-2");
        assertThat(find(second, "Namespace", "x").source()).isEqualTo(find(first, "Namespace", "x").source());
        assertThat(find(second, "Namespace", "x")).as("the unchanged plain file comes from the cache")
                .isSameAs(find(first, "Namespace", "x"));
    }

    @Test
    void everySecretPassesTheDecryptorAndOneItRefusesFailsAlone() throws Exception {
        renderer.close();
        renderer = new Renderer(RenderSettings.defaults(dir.resolve("work")), RenderTools.fromEnvironment(),
                (body, source) -> {
                    if (body.getAsJsonObject("metadata").get("name").getAsString().equals("s")) {
                        throw new IllegalStateException(source + ": no key can decrypt it");
                    }
                    body.getAsJsonObject("metadata").addProperty("annotations", source);
                    return body;
                }, meters);
        Map<String, String> files = fluxLike();
        files.put("apps/staging/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: x}\n");
        files.put("apps/staging/other-secret.yaml",
                "apiVersion: v1\nkind: Secret\nmetadata: {name: t, namespace: x}\n");
        files.put("apps/staging/kustomization.yaml", files.get("apps/staging/kustomization.yaml")
                .replace("resources: [../base/podinfo]",
                        "resources: [../base/podinfo, secret.yaml, other-secret.yaml]"));
        ObjectId commit = TestCommits.commit(repo, files);

        LoadResult result = load(commit, "apps/staging");
        LoadResult again = load(commit, "apps/staging");

        for (LoadResult r : List.of(result, again)) {
            assertThat(r.failures()).singleElement().satisfies(f -> {
                assertThat(f.sourcePath()).isEqualTo("apps/staging");
                assertThat(f.message()).contains("Secret x/s").contains("no key can decrypt it");
            });
            assertThat(find(r, "Secret", "t").body().getAsJsonObject("metadata").get("annotations")
                    .getAsString()).startsWith("apps/staging#");
            assertThat(find(r, "Service", "podinfo").body().getAsJsonObject("metadata").has("annotations"))
                    .as("an object that can hold no encrypted value does not go through the decryptor").isFalse();
        }
        assertThat(units("cached")).as("the cache keeps what kustomize printed, not what was decrypted")
                .isEqualTo(1);
    }

    @Test
    void aUnitThatPassesItsDeadlineIsStoppedAndFailsAlone() throws Exception {
        renderer.close();
        renderer = new Renderer(RenderSettings.defaults(dir.resolve("work")).withLimits(Duration.ofMillis(1),
                1L << 30), RenderTools.fromEnvironment(), ObjectDecryptor.NONE, meters);
        Map<String, String> files = fluxLike();
        files.put("apps/plain.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain}\n");
        ObjectId commit = TestCommits.commit(repo, files);

        LoadResult result = load(commit, "apps/staging", "apps/plain.yaml");

        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.sourcePath()).isEqualTo("apps/staging");
            assertThat(f.message()).isEqualTo("kustomize unit apps/staging failed: kustomize did not finish within "
                    + "PT0.001S and was stopped");
        });
        assertThat(find(result, "ConfigMap", "plain").sourcePath()).isEqualTo("apps/plain.yaml");
    }

    @Test
    void workTreesLeftByAStoppedProcessAreRemovedAtStart() throws Exception {
        Path left = Files.createDirectories(dir.resolve("work/unit-1234/repo/apps"));
        Files.writeString(left.resolve("secret.enc.yaml"), "sops: ciphertext");
        left.resolve("secret.enc.yaml").toFile().setReadOnly();
        Path unrelated = Files.createDirectories(dir.resolve("work/other"));

        new Renderer(RenderSettings.defaults(dir.resolve("work")), RenderTools.fromEnvironment(), ObjectDecryptor.NONE,
                meters).close();

        assertThat(dir.resolve("work/unit-1234")).doesNotExist();
        assertThat(unrelated).exists();
    }

    @Test
    void aRepositoryThatAllowsRemoteBasesHasKustomizeFetchThemAndNeverCachesTheUnit() throws Exception {
        Map<String, String> files = fluxLike();
        files.put("clusters/remote/kustomization.yaml", "resources:\n- https://127.0.0.1:1/example/app//deploy?ref=v1\n");
        ObjectId commit = TestCommits.commit(repo, files);

        for (int i = 0; i < 2; i++) {
            LoadResult result = renderer.load(repo, commit, List.of("clusters/remote"), new RenderOptions(true));
            assertThat(result.failures()).singleElement().satisfies(f -> {
                assertThat(f.sourcePath()).isEqualTo("clusters/remote");
                assertThat(f.message()).startsWith("kustomize unit clusters/remote failed: kustomize build failed:")
                        .doesNotContain("allowRemoteBases");
            });
        }
        assertThat(units("failed")).isEqualTo(2);
        assertThat(units("cached")).isZero();
    }

    @Test
    void kustomizesMessageNeverShowsWhatASecretGeneratorHolds() throws Exception {
        Map<String, String> files = new HashMap<>();
        files.put("apps/db/kustomization.yaml", """
                secretGenerator:
                - name: db
                  literals: ["hunter2-literal-password"]
                  envs: [db.env]
                """);
        files.put("apps/db/db.env", "USER=app\nPASSWORD=hunter2-env-password\n");
        ObjectId commit = TestCommits.commit(repo, files);

        LoadResult result = load(commit, "apps/db");

        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.sourcePath()).isEqualTo("apps/db");
            assertThat(f.message()).startsWith("kustomize unit apps/db failed: kustomize build failed:")
                    .contains("***").doesNotContain("hunter2");
        });
    }
}
