package io.shiplog.cluster.render.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.cluster.manifest.LoadFailure;
import io.shiplog.cluster.manifest.Manifest;
import io.shiplog.cluster.manifest.ManifestParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class HelmPlannerTest {

    private static final String REPO = "https://git.example.com/platform/fleet.git";
    private static final String HTTP_SOURCE = """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: HelmRepository
            metadata: {name: charts, namespace: flux-system}
            spec: {url: "https://charts.example.com/stable/"}
            """;

    private static List<Manifest> manifests(String... documents) {
        List<Manifest> manifests = new ArrayList<>();
        List<LoadFailure> failures = new ArrayList<>();
        ManifestParser.parse("clusters/prod/apps.yaml", String.join("---\n", documents)
                .getBytes(StandardCharsets.UTF_8), manifests, failures);
        assertThat(failures).isEmpty();
        return manifests;
    }

    private static String release(String spec) {
        return """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: web, namespace: flux-system}
                spec:
                """ + spec.indent(2);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void mergesValuesFromInOrderThenInlineValuesOnTop() {
        HelmPlan plan = HelmPlanner.plan(manifests(HTTP_SOURCE, """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: web-values, namespace: flux-system}
                data:
                  values.yaml: |
                    replicaCount: 2
                    image: {repository: nginx, tag: "1.0"}
                    service: {type: ClusterIP}
                """, """
                apiVersion: v1
                kind: Secret
                metadata: {name: web-secret, namespace: flux-system}
                data:
                  password: %s
                  extra.yaml: %s
                """.formatted(base64("hunter22"), base64("image: {tag: \"2.0\"}\n")), release("""
                chart:
                  spec:
                    chart: web
                    version: ">=1.0.0 <2.0.0"
                    sourceRef: {kind: HelmRepository, name: charts}
                valuesFrom:
                  - {kind: ConfigMap, name: web-values}
                  - {kind: Secret, name: web-secret, valuesKey: extra.yaml}
                  - {kind: Secret, name: web-secret, valuesKey: password, targetPath: auth.password}
                  - {kind: ConfigMap, name: absent, optional: true}
                values:
                  replicaCount: 3
                  service: {port: 8080}
                targetNamespace: shop
                """)), REPO);

        assertThat(plan.failures()).isEmpty();
        ChartRelease release = plan.releases().get(0);
        assertThat(release.values().toString()).isEqualTo("{\"replicaCount\":3,\"image\":{\"repository\":\"nginx\","
                + "\"tag\":\"2.0\"},\"service\":{\"type\":\"ClusterIP\",\"port\":8080},\"auth\":{\"password\":"
                + "\"hunter22\"}}");
        assertThat(release.releaseName()).isEqualTo("shop-web");
        assertThat(release.namespace()).isEqualTo("shop");
        assertThat(release.source()).isEqualTo(new ChartSource.HttpRepository("https://charts.example.com/stable"));
        assertThat(release.versionRange()).isEqualTo(">=1.0.0 <2.0.0");
        assertThat(release.includeCrds()).isTrue();
        assertThat(release.toString()).doesNotContain("hunter22");
        assertThat(release.redact("template: password hunter22 is too short")).isEqualTo(
                "template: password *** is too short");
        assertThat(plan.consumed()).extracting(m -> m.key().kind()).containsExactly("HelmRelease", "HelmRepository");
    }

    @Test
    void readsOciSourcesFromHelmRepositoriesAndOciRepositories() {
        HelmPlan plan = HelmPlanner.plan(manifests("""
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: HelmRepository
                metadata: {name: oci-charts, namespace: flux-system}
                spec: {type: oci, url: "oci://registry.example.com/charts", insecure: true}
                """, """
                apiVersion: source.toolkit.fluxcd.io/v1beta2
                kind: OCIRepository
                metadata: {name: podinfo, namespace: flux-system}
                spec:
                  url: oci://ghcr.io/stefanprodan/charts/podinfo
                  ref: {semver: ">=6.0.0"}
                """, release("""
                chart:
                  spec:
                    chart: web
                    sourceRef: {kind: HelmRepository, name: oci-charts}
                install: {crds: Skip}
                """), """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: podinfo, namespace: flux-system}
                spec:
                  chartRef: {kind: OCIRepository, name: podinfo}
                  releaseName: info
                  dependsOn: [{name: web}, {name: cert-manager, namespace: infra}]
                """), REPO);

        assertThat(plan.failures()).isEmpty();
        assertThat(plan.releases()).extracting(ChartRelease::source).containsExactly(
                new ChartSource.OciRegistry("oci://registry.example.com/charts/web", true),
                new ChartSource.OciRegistry("oci://ghcr.io/stefanprodan/charts/podinfo", false));
        assertThat(plan.releases().get(0).includeCrds()).isFalse();
        assertThat(plan.releases().get(1).versionRange()).isEqualTo(">=6.0.0");
        assertThat(plan.releases().get(1).releaseName()).isEqualTo("info");
        assertThat(plan.releases().get(1).chart()).isEqualTo("podinfo");
        assertThat(plan.releases().get(1).dependsOn()).containsExactly("flux-system/web", "infra/cert-manager");
        assertThat(plan.consumed()).hasSize(4);
    }

    @Test
    void takesAChartFromTheRepositoryTreeWhenTheGitRepositoryIsTheOneApplied() {
        HelmPlan plan = HelmPlanner.plan(manifests("""
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: GitRepository
                metadata: {name: flux-system, namespace: flux-system}
                spec: {url: "ssh://git@GIT.example.com/platform/fleet", ref: {branch: main}}
                """, release("""
                chart:
                  spec:
                    chart: ./charts/web
                    sourceRef: {kind: GitRepository, name: flux-system}
                    valuesFiles: [values.yaml, values-prod.yaml]
                """)), REPO);

        assertThat(plan.failures()).isEmpty();
        assertThat(plan.releases().get(0).source()).isEqualTo(new ChartSource.RepositoryTree("charts/web"));
        assertThat(plan.releases().get(0).valuesFiles()).containsExactly("values.yaml", "values-prod.yaml");
        assertThat(plan.releases().get(0).releaseName()).isEqualTo("web");
    }

    @Test
    void failsEachUnsupportedOrBrokenReleaseAloneNamingIt() {
        HelmPlan plan = HelmPlanner.plan(manifests(HTTP_SOURCE, """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: bomb, namespace: flux-system}
                data:
                  values.yaml: |
                    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
                """, """
                apiVersion: v1
                kind: Secret
                metadata: {name: broken, namespace: flux-system}
                stringData:
                  values.yaml: "password: [s3cr3t-value"
                """, release("""
                chart: {spec: {chart: web, sourceRef: {kind: HelmRepository, name: charts}}}
                valuesFrom: [{kind: ConfigMap, name: bomb}]
                """).replace("name: web", "name: bombed"), release("""
                chart: {spec: {chart: web, sourceRef: {kind: HelmRepository, name: charts}}}
                valuesFrom: [{kind: Secret, name: broken}]
                """).replace("name: web", "name: broken"), release("""
                chart: {spec: {chart: web, sourceRef: {kind: HelmRepository, name: charts}}}
                valuesFrom: [{kind: Secret, name: from-the-cluster}]
                """).replace("name: web", "name: missing"), release("""
                chart: {spec: {chart: web, sourceRef: {kind: GitRepository, name: elsewhere}}}
                """).replace("name: web", "name: elsewhere"), release("""
                chart: {spec: {chart: web, sourceRef: {kind: HelmRepository, name: charts}}}
                postRenderers: [{kustomize: {patches: []}}]
                """).replace("name: web", "name: patched"), release("""
                chart: {spec: {chart: web, version: "1.0 or so", sourceRef: {kind: HelmRepository, name: charts}}}
                """).replace("name: web", "name: vague"), release("""
                chart: {spec: {chart: web, sourceRef: {kind: HelmRepository, name: charts}}}
                """)), REPO);

        assertThat(plan.releases()).extracting(r -> r.helmRelease().key().name()).containsExactly("web");
        assertThat(plan.failures()).extracting(HelmFailure::message).satisfiesExactly(
                m -> assertThat(m).startsWith("HelmRelease flux-system/bombed (clusters/prod/apps.yaml#4): ")
                        .contains("ConfigMap flux-system/bomb key values.yaml is not valid YAML")
                        .contains("a YAML bomb?"),
                m -> assertThat(m).startsWith("HelmRelease flux-system/broken ")
                        .contains("Secret flux-system/broken key values.yaml is not valid YAML")
                        .doesNotContain("s3cr3t"),
                m -> assertThat(m).startsWith("HelmRelease flux-system/missing ")
                        .contains("Secret flux-system/from-the-cluster is not among the cluster's manifests in git"),
                m -> assertThat(m).startsWith("HelmRelease flux-system/elsewhere ")
                        .contains("GitRepository flux-system/elsewhere is not among the cluster's manifests"),
                m -> assertThat(m).contains("spec.postRenderers is not supported yet"),
                m -> assertThat(m).contains("\"or\" in version range \"1.0 or so\" is not a version constraint"));
        assertThat(plan.consumed()).extracting(m -> m.key().name())
                .containsExactlyInAnyOrder("bombed", "broken", "missing", "elsewhere", "patched", "vague", "web",
                        "charts");
    }

    @Test
    void refusesChartsFromOtherGitRepositoriesAndSourcesNeedingCredentials() {
        HelmPlan plan = HelmPlanner.plan(manifests("""
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: GitRepository
                metadata: {name: other, namespace: flux-system}
                spec: {url: "https://git.example.com/platform/charts.git"}
                """, """
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: HelmRepository
                metadata: {name: private, namespace: flux-system}
                spec: {url: "https://charts.example.com/private", secretRef: {name: creds}}
                """, release("""
                chart: {spec: {chart: ./web, sourceRef: {kind: GitRepository, name: other}}}
                """), release("""
                chart: {spec: {chart: web, sourceRef: {kind: HelmRepository, name: private}}}
                """).replace("name: web", "name: private-web"), release("""
                chart: {spec: {chart: web, verify: {provider: cosign}, sourceRef: {kind: HelmRepository, name: x}}}
                """).replace("name: web", "name: signed")), REPO);

        assertThat(plan.releases()).isEmpty();
        assertThat(plan.failures()).extracting(HelmFailure::message).satisfiesExactly(
                m -> assertThat(m).contains("another repository than the one being applied: not supported yet"),
                m -> assertThat(m).contains("HelmRepository flux-system/private needs credentials (spec.secretRef)"),
                m -> assertThat(m).startsWith("HelmRelease flux-system/signed ").endsWith(
                        "spec.chart.spec.verify (chart signature verification) is not supported yet"));
        assertThat(plan.consumed()).as("a failed release's source is not applied either")
                .extracting(m -> m.key().kind() + " " + m.key().name()).containsExactly(
                        "HelmRelease web", "GitRepository other", "HelmRelease private-web",
                        "HelmRepository private", "HelmRelease signed");
    }

    @Test
    void refusesOciRepositoriesThatNameNoChartVersion() {
        HelmPlan plan = HelmPlanner.plan(manifests("""
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: OCIRepository
                metadata: {name: latest, namespace: flux-system}
                spec: {url: "oci://registry.example.com/charts/web"}
                """, """
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: OCIRepository
                metadata: {name: pinned, namespace: flux-system}
                spec: {url: "oci://registry.example.com/charts/web", ref: {digest: "sha256:0123"}}
                """, release("""
                chartRef: {kind: OCIRepository, name: latest}
                """), release("""
                chartRef: {kind: OCIRepository, name: pinned}
                """).replace("name: web", "name: pinned-web")), REPO);

        assertThat(plan.releases()).isEmpty();
        assertThat(plan.failures()).extracting(HelmFailure::message).containsExactly(
                "HelmRelease flux-system/web (clusters/prod/apps.yaml#3): its OCIRepository latest names no ref.tag "
                        + "or ref.semver (the default tag latest), which is not a chart version: Helm fetches charts "
                        + "by version, so set ref.tag to a version or ref.semver to a range",
                "HelmRelease flux-system/pinned-web (clusters/prod/apps.yaml#4): its OCIRepository pinned pins "
                        + "ref.digest, which is not supported yet (use ref.tag or ref.semver)");
    }

    @Test
    void aMalformedReleaseFailsAloneWithoutQuotingWhatItHolds() {
        HelmPlan plan = HelmPlanner.plan(manifests(HTTP_SOURCE, """
                apiVersion: v1
                kind: Secret
                metadata: {name: odd, namespace: flux-system}
                stringData:
                  values.yaml: {nested: hunter22}
                """, release("""
                chart: {spec: {chart: web, sourceRef: {kind: HelmRepository, name: charts}}}
                valuesFrom: [{kind: Secret, name: odd}]
                """), release("""
                chart: {spec: {chart: web, sourceRef: {kind: HelmRepository, name: charts}}}
                valuesFrom: "hunter22"
                """).replace("name: web", "name: listless"), release("""
                chart: {spec: {chart: web, sourceRef: {kind: HelmRepository, name: charts}, valuesFile: 7}}
                install: "hunter22"
                """).replace("name: web", "name: fine")), REPO);

        assertThat(plan.failures()).extracting(HelmFailure::message).containsExactly(
                "HelmRelease flux-system/web (clusters/prod/apps.yaml#3): spec.valuesFrom Secret stringData.values.yaml"
                        + " is not a string",
                "HelmRelease flux-system/listless (clusters/prod/apps.yaml#4): spec.valuesFrom is not a list");
        assertThat(plan.releases()).extracting(r -> r.helmRelease().key().name()).containsExactly("fine");
    }

    @Test
    void shortensLongDefaultReleaseNamesAsFluxDoes() {
        String name = "a-very-long-target-namespace-name-" + "x".repeat(30);
        assertThat(HelmPlanner.shorten(name)).hasSize(53).startsWith(name.substring(0, 40) + "-");
        assertThat(HelmPlanner.shorten("short")).isEqualTo("short");
    }
}
