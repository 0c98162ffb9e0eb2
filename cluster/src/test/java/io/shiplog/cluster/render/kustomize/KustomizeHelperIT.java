package io.shiplog.cluster.render.kustomize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.shiplog.cluster.render.RenderSettings;
import io.shiplog.cluster.render.tool.ToolFailedException;
import io.shiplog.cluster.render.tool.ToolRun;
import io.shiplog.local.render.RenderToolsDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KustomizeHelperIT {

    @TempDir
    Path dir;

    private KustomizeHelpers helpers;

    @BeforeEach
    void setUp() {
        assertThat(RenderToolsDir.tool("kustomize-helper")).as("scripts/render-tools.sh builds kustomize-helper")
                .isExecutable();
    }

    @AfterEach
    void tearDown() {
        if (helpers != null) {
            helpers.close();
        }
    }

    private KustomizeHelpers helpers(Duration timeout, int concurrency) {
        RenderSettings defaults = RenderSettings.defaults(dir.resolve("work"));
        helpers = new KustomizeHelpers(new RenderSettings(timeout, defaults.memoryBytes(), defaults.maxOutputBytes(),
                defaults.maxInputBytes(), defaults.cacheBytes(), concurrency, defaults.workDirectory()),
                RenderToolsDir.tool("kustomize-helper"));
        return helpers;
    }

    private static ToolRun.Result kustomizeBuild(Path unit) {
        return new ToolRun(List.of(RenderToolsDir.tool("kustomize").toString(), "build", unit.toString()), unit,
                Map.of(), null, Duration.ofMinutes(2), 1L << 30, 64 << 20, false).run();
    }

    private void write(String path, String content) throws Exception {
        Path file = dir.resolve("repo").resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private Path overlay() throws Exception {
        write("base/kustomization.yaml", """
                resources: [deployment.yaml, service.yaml]
                configMapGenerator:
                - name: web-config
                  literals: [LOG_LEVEL=info]
                """);
        write("base/deployment.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - name: web
                        image: ghcr.io/acme/web:1.0.0
                        envFrom: [{configMapRef: {name: web-config}}]
                """);
        write("base/service.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  selector: {app: web}
                  ports: [{port: 80, targetPort: 8080}]
                """);
        write("components/team/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1alpha1
                kind: Component
                labels:
                - pairs: {team: payments}
                """);
        write("staging/kustomization.yaml", """
                namespace: staging
                namePrefix: stg-
                buildMetadata: [managedByLabel, originAnnotations]
                resources: [../base]
                components: [../components/team]
                images:
                - name: ghcr.io/acme/web
                  newTag: 1.2.3
                patches:
                - path: replicas.yaml
                - path: port.yaml
                  target: {kind: Service, name: web}
                configMapGenerator:
                - name: web-config
                  behavior: merge
                  literals: [LOG_LEVEL=debug]
                secretGenerator:
                - name: web-secret
                  literals: [TOKEN=not-a-real-token]
                """);
        write("staging/replicas.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 3
                """);
        write("staging/port.yaml", """
                - op: replace
                  path: /spec/ports/0/port
                  value: 8080
                """);
        return dir.resolve("repo/staging");
    }

    @Test
    void buildsAnOverlayByteForByteLikeKustomizeBuild() throws Exception {
        Path unit = overlay();
        ToolRun.Result cli = kustomizeBuild(unit);
        assertThat(cli.succeeded()).as(cli.stderr()).isTrue();

        ToolRun.Result helped = helpers(Duration.ofMinutes(2), 1).build(unit);

        assertThat(helped.succeeded()).as(helped.stderr()).isTrue();
        assertThat(new String(helped.stdout(), StandardCharsets.UTF_8)).contains("name: stg-web", "replicas: 3",
                "port: 8080", "ghcr.io/acme/web:1.2.3", "LOG_LEVEL: debug", "team: payments", "stg-web-secret-",
                "app.kubernetes.io/managed-by: kustomize-v5.8.2");
        assertThat(helped.stdout()).isEqualTo(cli.stdout());
    }

    @Test
    void aBrokenUnitFailsWithTheMessageKustomizeBuildGives() throws Exception {
        write("broken/kustomization.yaml", "commonLabels: {team: web}\nresources: [missing.yaml]\n");
        Path unit = dir.resolve("repo/broken");
        ToolRun.Result cli = kustomizeBuild(unit);

        ToolRun.Result helped = helpers(Duration.ofMinutes(2), 1).build(unit);

        assertThat(cli.succeeded()).isFalse();
        assertThat(helped.succeeded()).isFalse();
        assertThat(helped.stderrSummary()).isEqualTo(cli.stderrSummary()).startsWith("# Warning: 'commonLabels'");
    }

    @Test
    void aUnitPastItsDeadlineStopsOnlyItsHelperAndTheNextUnitBuilds() throws Exception {
        Path hanging = hangingUnit();
        Path unit = overlay();
        KustomizeHelpers pool = helpers(Duration.ofSeconds(3), 2);
        CompletableFuture<ToolRun.Result> other = CompletableFuture.supplyAsync(() -> pool.build(unit));
        assertThat(other.get(2, TimeUnit.MINUTES).succeeded()).isTrue();

        assertThatThrownBy(() -> pool.build(hanging)).isInstanceOf(ToolFailedException.class)
                .hasMessage("kustomize did not finish within PT3S and was stopped");

        assertThat(pool.pids()).as("the helper that built the other unit still runs").hasSize(1);
        assertThat(pool.build(unit).succeeded()).isTrue();
        assertThat(pool.build(unit).stdout()).isEqualTo(kustomizeBuild(unit).stdout());
    }

    @Test
    void aHelperKilledFromOutsideFailsOnlyItsUnitAndThePoolRecovers() throws Exception {
        Path hanging = hangingUnit();
        Path unit = overlay();
        KustomizeHelpers pool = helpers(Duration.ofMinutes(5), 1);
        assertThat(pool.build(unit).succeeded()).isTrue();
        List<Long> before = pool.pids();
        assertThat(before).hasSize(1);
        CompletableFuture<ToolRun.Result> inFlight = CompletableFuture.supplyAsync(() -> pool.build(hanging));

        Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(before.get(0))).start();
        assertThat(kill.waitFor()).isZero();

        ToolRun.Result failed = inFlight.get(2, TimeUnit.MINUTES);
        assertThat(failed.succeeded()).isFalse();
        ToolRun.Result next = pool.build(unit);
        assertThat(next.stdout()).isEqualTo(kustomizeBuild(unit).stdout());
        await().atMost(Duration.ofMinutes(1)).until(() -> pool.pids().size() == 1);
        assertThat(pool.pids()).doesNotContainAnyElementsOf(before);
    }

    @Test
    void aUnitWithItsOwnOpenApiSchemaDoesNotChangeHowTheNextUnitBuilds() throws Exception {
        write("custom/kustomization.yaml", "openapi:\n  path: schema.json\nresources: [cm.yaml]\n");
        write("custom/schema.json", "{\"definitions\": {}}\n");
        write("custom/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: custom}\n");
        write("sidecar/kustomization.yaml", """
                resources: [deployment.yaml]
                patches:
                - patch: |
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      template:
                        spec:
                          containers:
                          - name: sidecar
                            image: sidecar:1
                """);
        write("sidecar/deployment.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  template:
                    spec:
                      containers:
                      - name: web
                        image: web:1
                """);
        KustomizeHelpers pool = helpers(Duration.ofMinutes(2), 1);
        assertThat(pool.build(dir.resolve("repo/custom")).succeeded()).isTrue();

        ToolRun.Result next = pool.build(dir.resolve("repo/sidecar"));

        assertThat(new String(next.stdout(), StandardCharsets.UTF_8)).contains("image: web:1", "image: sidecar:1");
        assertThat(next.stdout()).isEqualTo(kustomizeBuild(dir.resolve("repo/sidecar")).stdout());
    }

    /** A unit whose resource is a FIFO nobody writes to: kustomize blocks reading it. */
    private Path hangingUnit() throws Exception {
        write("hang/kustomization.yaml", "resources: [pipe.yaml]\n");
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("repo/hang/pipe.yaml").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        return dir.resolve("repo/hang");
    }
}
