package io.shiplog.cluster.render.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.cluster.manifest.LoadFailure;
import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.manifest.ManifestParser;
import io.shiplog.cluster.render.tool.RenderTools;
import io.shiplog.local.helm.ChartRepositoryServer;
import io.shiplog.local.helm.HelmCli;
import io.shiplog.local.oci.ContainerRegistry;
import io.shiplog.local.oci.RegistryOptions;
import io.shiplog.local.render.RenderToolsDir;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

/**
 * Renders Flux HelmReleases with the real helm from a real chart repository over HTTP, a real OCI registry (charts
 * pushed with {@code helm push}) and the repository tree.
 */
class HelmRenderIT {

    private static final String REPO = "https://git.example.com/platform/fleet.git";
    private static final String PASSWORD = "s3cret-pa55word";

    private static ChartRepositoryServer charts;
    private static ContainerRegistry registry;
    private static Path chart;

    @TempDir
    Path cache;
    @TempDir
    Path tree;

    @BeforeAll
    static void publishCharts(@TempDir Path packages) throws URISyntaxException {
        RenderToolsDir.locate();
        chart = Path.of(Objects.requireNonNull(HelmRenderIT.class.getResource("/helm/web")).toURI());
        charts = ChartRepositoryServer.start();
        for (String version : List.of("1.0.0", "1.2.0", "2.0.0")) {
            charts.publish(chart, version);
        }
        registry = ContainerRegistry.start(RegistryOptions.defaults().withoutAuth().withoutReceiver());
        HelmCli helm = HelmCli.find();
        for (String version : List.of("1.0.0", "1.1.0", "2.0.0")) {
            helm.push(helm.packageChart(chart, version, packages), registry.host(), "charts", null, null);
        }
    }

    @AfterAll
    static void stop() {
        charts.close();
        registry.close();
    }

    private HelmRenderer renderer() {
        return new HelmRenderer(RenderTools.fromEnvironment(), HelmRenderer.Options.defaults(cache));
    }

    private static List<Manifest> manifests(String... documents) {
        List<Manifest> manifests = new ArrayList<>();
        List<LoadFailure> failures = new ArrayList<>();
        ManifestParser.parse("clusters/prod/web.yaml", String.join("---\n", documents)
                .getBytes(StandardCharsets.UTF_8), manifests, failures);
        assertThat(failures).isEmpty();
        return manifests;
    }

    private static ChartRelease onlyRelease(List<Manifest> manifests) {
        HelmPlan plan = HelmPlanner.plan(manifests, REPO);
        assertThat(plan.failures()).isEmpty();
        assertThat(plan.releases()).hasSize(1);
        return plan.releases().get(0);
    }

    private static String httpRelease(String version, String values) {
        return """
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: HelmRepository
                metadata: {name: charts, namespace: flux-system}
                spec: {url: "%s"}
                ---
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: web, namespace: flux-system}
                spec:
                  targetNamespace: shop
                  chart:
                    spec:
                      chart: web
                      version: "%s"
                      sourceRef: {kind: HelmRepository, name: charts}
                """.formatted(charts.url(), version) + values.indent(2);
    }

    private static Manifest find(List<Manifest> objects, String kind, String name) {
        return objects.stream().filter(m -> m.key().kind().equals(kind) && m.key().name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + objects));
    }

    @Test
    void rendersAReleaseFromAChartRepositoryWithValuesFromAConfigMapAndASecret() {
        List<Manifest> manifests = manifests("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: web-values, namespace: flux-system}
                data:
                  values.yaml: |
                    replicaCount: 2
                    greeting: hello from git
                """, """
                apiVersion: v1
                kind: Secret
                metadata: {name: web-auth, namespace: flux-system}
                data: {password: %s}
                """.formatted(Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8))),
                httpRelease(">=1.0.0 <2.0.0", """
                        valuesFrom:
                          - {kind: ConfigMap, name: web-values}
                          - {kind: Secret, name: web-auth, valuesKey: password, targetPath: auth.password}
                        values:
                          replicaCount: 3
                        """));
        ChartRelease release = onlyRelease(manifests);
        HelmRenderer renderer = new HelmRenderer(RenderTools.fromEnvironment(),
                HelmRenderer.Options.defaults(cache).withIndexTtl(Duration.ofHours(1)));

        List<Manifest> objects = renderer.render(release, tree);

        assertThat(objects).extracting(m -> m.key().kind()).containsExactlyInAnyOrder(
                "CustomResourceDefinition", "Secret", "ConfigMap", "Deployment");
        Manifest deployment = find(objects, "Deployment", "shop-web");
        assertThat(deployment.body().getAsJsonObject("metadata").getAsJsonObject("labels").get("chart-version")
                .getAsString()).isEqualTo("1.2.0");
        assertThat(deployment.body().getAsJsonObject("spec").get("replicas").getAsInt()).isEqualTo(3);
        assertThat(deployment.sourcePath()).isEqualTo("clusters/prod/web.yaml > HelmRelease web > "
                + "web/templates/deployment.yaml");
        Manifest settings = find(objects, "ConfigMap", "shop-web-settings");
        assertThat(settings.key().namespace()).isEqualTo("shop");
        assertThat(settings.body().getAsJsonObject("data").get("greeting").getAsString()).isEqualTo("hello from git");
        assertThat(find(objects, "Secret", "shop-web-auth").body().getAsJsonObject("stringData").get("password")
                .getAsString()).isEqualTo(PASSWORD);

        int requests = charts.requests().size();
        assertThat(renderer.render(release, tree)).hasSize(4);
        assertThat(charts.requests()).as("neither the index nor the cached chart is fetched again").hasSize(requests);
    }

    @Test
    void rendersAReleaseFromAnOciRegistryWithTheNewestTagInItsSemverRange() {
        List<Manifest> manifests = manifests("""
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: OCIRepository
                metadata: {name: web, namespace: flux-system}
                spec:
                  url: oci://%s/charts/web
                  insecure: true
                  ref: {semver: ">=1.0.0 <2.0.0"}
                """.formatted(registry.host()), """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: web, namespace: apps}
                spec:
                  chartRef: {kind: OCIRepository, name: web, namespace: flux-system}
                  install: {crds: Skip}
                """);

        ChartRelease release = onlyRelease(manifests);
        HelmRenderer renderer = renderer();

        List<Manifest> objects = renderer.render(release, tree);

        assertThat(renderer.resolveVersion(release)).isEqualTo("1.1.0");
        assertThat(objects).extracting(m -> m.key().kind()).containsExactlyInAnyOrder("ConfigMap", "Deployment");
        assertThat(find(objects, "Deployment", "web").body().getAsJsonObject("metadata").getAsJsonObject("labels")
                .get("chart-version").getAsString()).isEqualTo("1.1.0");
        assertThat(find(objects, "ConfigMap", "web-settings").key().namespace()).isEqualTo("apps");
    }

    @Test
    void rendersAChartFromTheRepositoryTreeWithItsValuesFilesInsteadOfItsValuesYaml() throws IOException {
        copyChart(tree.resolve("charts/web"));

        List<Manifest> prodOnly = renderer().render(onlyRelease(manifests(treeRelease("[values-prod.yaml]"))), tree);
        List<Manifest> both = renderer().render(onlyRelease(manifests(treeRelease(
                "[values.yaml, values-prod.yaml]"))), tree);

        Manifest deployment = find(prodOnly, "Deployment", "web");
        assertThat(deployment.body().getAsJsonObject("spec").get("replicas").getAsInt()).isEqualTo(4);
        assertThat(deployment.body().toString()).contains("\"image\":\"nginx:1.28\"");
        assertThat(find(prodOnly, "ConfigMap", "web-settings").body().getAsJsonObject("data").toString())
                .as("values.yaml is not used when valuesFiles leave it out, as in Flux")
                .isEqualTo("{\"greeting\":\"hello from production\"}");
        assertThat(find(both, "ConfigMap", "web-settings").body().getAsJsonObject("data").toString())
                .isEqualTo("{\"greeting\":\"hello from production\",\"extra\":\"from-defaults\"}");
        assertThat(prodOnly).noneMatch(m -> m.key().kind().equals("Pod"));
        assertThat(Files.readString(tree.resolve("charts/web/values.yaml"))).as("the tree is left as it was")
                .contains("extra: from-defaults");
    }

    private static String[] treeRelease(String valuesFiles) {
        return new String[] {"""
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: GitRepository
                metadata: {name: flux-system, namespace: flux-system}
                spec: {url: "ssh://git@git.example.com/platform/fleet"}
                """, """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: web, namespace: flux-system}
                spec:
                  chart:
                    spec:
                      chart: ./charts/web
                      sourceRef: {kind: GitRepository, name: flux-system}
                      valuesFiles: %s
                """.formatted(valuesFiles)};
    }

    @Test
    void aChartInTheTreeWithASymbolicLinkLeadingOutOfItIsRefused() throws IOException {
        copyChart(tree.resolve("charts/web"));
        Files.createSymbolicLink(tree.resolve("charts/web/templates/passwd.txt"), Path.of("/etc/passwd"));

        assertThatThrownBy(() -> renderer().render(onlyRelease(manifests(treeRelease("[values.yaml]"))), tree))
                .isInstanceOf(HelmRenderException.class)
                .hasMessage("HelmRelease flux-system/web (clusters/prod/web.yaml#2): chart charts/web has a symbolic "
                        + "link templates/passwd.txt leading outside the repository");
    }

    @Test
    void aChartMissingFromItsRepositoryFailsNamingTheRelease() {
        ChartRelease pinned = onlyRelease(manifests(httpRelease("1.0.0", "").replace("chart: web",
                "chart: nonexistent")));
        ChartRelease ranged = onlyRelease(manifests(httpRelease("^1.0.0", "").replace("chart: web",
                "chart: nonexistent")));

        assertThatThrownBy(() -> renderer().render(pinned, tree)).isInstanceOf(HelmRenderException.class)
                .hasMessage("HelmRelease flux-system/web (clusters/prod/web.yaml#2): helm pull of chart nonexistent "
                        + "1.0.0 from " + charts.url() + " failed: Error: chart \"nonexistent\" version \"1.0.0\" not "
                        + "found in " + charts.url() + " repository");
        assertThatThrownBy(() -> renderer().render(ranged, tree)).isInstanceOf(HelmRenderException.class)
                .hasMessage("HelmRelease flux-system/web (clusters/prod/web.yaml#2): chart nonexistent is not in "
                        + "chart repository " + charts.url());
    }

    @Test
    void aVersionRangeNoTagMatchesFailsListingTheNewestVersions() {
        ChartRelease release = onlyRelease(manifests("""
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: HelmRepository
                metadata: {name: oci, namespace: flux-system}
                spec: {type: oci, url: "oci://%s/charts", insecure: true}
                ---
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: web, namespace: flux-system}
                spec:
                  chart: {spec: {chart: web, version: "^3.0.0", sourceRef: {kind: HelmRepository, name: oci}}}
                """.formatted(registry.host())));

        assertThatThrownBy(() -> renderer().render(release, tree)).isInstanceOf(HelmRenderException.class)
                .hasMessage("HelmRelease flux-system/web (clusters/prod/web.yaml#2): no version of chart web in oci://"
                        + registry.host() + "/charts/web matches \"^3.0.0\" (it has 2.0.0, 1.1.0, 1.0.0)");
    }

    @Test
    void aTemplateErrorFailsWithHelmsMessageAndWithoutTheSecretValue() {
        List<Manifest> manifests = manifests("""
                apiVersion: v1
                kind: Secret
                metadata: {name: web-auth, namespace: flux-system}
                stringData: {password: %s}
                """.formatted(PASSWORD), httpRelease("1.0.0", """
                valuesFrom:
                  - {kind: Secret, name: web-auth, valuesKey: password, targetPath: auth.password}
                values: {fail: true}
                """));

        assertThatThrownBy(() -> renderer().render(onlyRelease(manifests), tree))
                .isInstanceOf(HelmRenderException.class)
                .hasMessageStartingWith("HelmRelease flux-system/web (clusters/prod/web.yaml#3): helm template failed: "
                        + "Error: execution error at (web/templates/configmap.yaml:2:4): the password *** is not "
                        + "accepted")
                .message().doesNotContain(PASSWORD);
    }

    @Test
    void aValuesFileWithAYamlBombIsRefusedBeforeHelmRuns() throws IOException {
        copyChart(tree.resolve("charts/web"));
        List<Manifest> manifests = manifests("""
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: GitRepository
                metadata: {name: flux-system, namespace: flux-system}
                spec: {url: "%s"}
                """.formatted(REPO), """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: web, namespace: flux-system}
                spec:
                  chart:
                    spec:
                      chart: charts/web
                      sourceRef: {kind: GitRepository, name: flux-system}
                      valuesFiles: [values-bomb.yaml]
                """);

        assertThatThrownBy(() -> renderer().render(onlyRelease(manifests), tree))
                .isInstanceOf(HelmRenderException.class)
                .hasMessageStartingWith("HelmRelease flux-system/web (clusters/prod/web.yaml#2): values file "
                        + "values-bomb.yaml of chart charts/web is not valid YAML: ")
                .hasMessageContaining("a YAML bomb?");
    }

    @Test
    void aChartPathLeadingOutOfTheRepositoryIsRefused() {
        List<Manifest> manifests = manifests("""
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: GitRepository
                metadata: {name: flux-system, namespace: flux-system}
                spec: {url: "%s"}
                """.formatted(REPO), """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: web, namespace: flux-system}
                spec:
                  chart: {spec: {chart: ../../etc, sourceRef: {kind: GitRepository, name: flux-system}}}
                """);

        assertThatThrownBy(() -> renderer().render(onlyRelease(manifests), tree))
                .isInstanceOf(HelmRenderException.class)
                .hasMessage("HelmRelease flux-system/web (clusters/prod/web.yaml#2): chart path ../../etc leads "
                        + "outside the directory it must be in");
    }

    @Test
    void aTemplateThatRunsPastTheDeadlineIsStoppedAndNamed() {
        ChartRelease release = onlyRelease(manifests(httpRelease("1.0.0", "values: {slow: true}")));
        HelmRenderer renderer = new HelmRenderer(RenderTools.fromEnvironment(),
                HelmRenderer.Options.defaults(cache).withTimeout(Duration.ofSeconds(5)));

        assertThatThrownBy(() -> renderer.render(release, tree)).isInstanceOf(HelmRenderException.class)
                .hasMessageStartingWith("HelmRelease flux-system/web (clusters/prod/web.yaml#2): ")
                .hasMessageContaining("did not finish within PT5S and was stopped");
    }

    private static void copyChart(Path target) throws IOException {
        Files.createDirectories(target);
        FileSystemUtils.copyRecursively(chart, target);
        try (Stream<Path> files = Files.walk(target)) {
            assertThat(files.anyMatch(p -> p.endsWith("Chart.yaml"))).isTrue();
        }
    }
}
