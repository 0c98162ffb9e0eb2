package io.shiplog.applier;

import static io.shiplog.applier.ApplyFlowIT.actions;
import static io.shiplog.applier.ApplyFlowIT.live;
import static io.shiplog.applier.ApplyFlowIT.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.shiplog.applier.support.AppliesLog;
import io.shiplog.applier.support.ClusterConfig;
import io.shiplog.applier.support.ConfigRepo;
import io.shiplog.applier.support.Manifests;
import io.shiplog.applier.support.RunningApplier;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyStatus;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectResult;
import io.shiplog.events.ResyncCluster;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.schemas.testing.TestKafka;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A repository laid out like Flux's multi-cluster example (apps/base, an apps/staging overlay with a strategic-merge
 * patch, a JSON6902 patch and {@code images:}) applied by the running applier with the real kustomize
 * (SHIPLOG_RENDER_TOOLS) to a real API server from a real git server; broken units fail alone, naming themselves,
 * and only their objects are kept from prune.
 */
class KustomizeUnitsIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String CLUSTER = "kustomize-" + SUFFIX;
    private static final String NS = "podinfo-" + SUFFIX;
    private static final String FLUX_CLUSTER = "flux-" + SUFFIX;
    private static final String FLUX_NS = "flux-app-" + SUFFIX;
    private static final String ORDERED_CLUSTER = "ordered-" + SUFFIX;
    private static final String ORDERED_NS = "ordered-" + SUFFIX;
    private static KubeCluster kube;
    private static AppliesLog log;
    private static ConfigRepo repo;
    private static RunningApplier applier;

    @BeforeAll
    static void startApplier() {
        kube = KubeCluster.shared();
        log = new AppliesLog();
        repo = ConfigRepo.create(GitServer.shared(), "kustomize", TestKafka.events());
        applier = RunningApplier.start(Map.of("fleet", repo.url()),
                List.of(ClusterConfig.of(CLUSTER, "fleet", kube.kubeconfigPath(), "clusters/staging"),
                        ClusterConfig.of(FLUX_CLUSTER, "fleet", kube.kubeconfigPath(), "clusters/production")
                                .allowEmptyPrune(true),
                        ClusterConfig.of(ORDERED_CLUSTER, "fleet", kube.kubeconfigPath(), "clusters/ordered")));
    }

    @AfterAll
    static void stopApplier() {
        applier.close();
        log.close();
    }

    private static Map<String, String> fluxLike() {
        Map<String, String> files = new HashMap<>();
        files.put("apps/base/podinfo/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: %s
                resources: [namespace.yaml, deployment.yaml, service.yaml]
                """.formatted(NS));
        files.put("apps/base/podinfo/namespace.yaml", Manifests.namespace(NS));
        files.put("apps/base/podinfo/deployment.yaml", """
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
                """);
        files.put("apps/base/podinfo/service.yaml", """
                apiVersion: v1
                kind: Service
                metadata:
                  name: podinfo
                spec:
                  selector: {app: podinfo}
                  ports:
                  - port: 80
                    targetPort: 9898
                """);
        files.put("apps/staging/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [../base/podinfo]
                patches:
                - path: replicas-patch.yaml
                - path: port-patch.yaml
                  target: {kind: Service, name: podinfo}
                images:
                - name: ghcr.io/stefanprodan/podinfo
                  newTag: 6.5.4
                """);
        files.put("apps/staging/replicas-patch.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: podinfo}
                spec:
                  replicas: 2
                """);
        files.put("apps/staging/port-patch.yaml", "- {op: replace, path: /spec/ports/0/port, value: 8080}\n");
        files.put("clusters/staging/apps/kustomization.yaml", "resources: [../../../apps/staging]\n");
        files.put("clusters/staging/extra/kustomization.yaml", "namespace: " + NS + "\nresources: [cm.yaml]\n");
        files.put("clusters/staging/extra/cm.yaml", Manifests.configMap(NS, "extra", "e"));
        files.put("clusters/staging/later-broken/kustomization.yaml", "namespace: " + NS + "\nresources: [cm.yaml]\n");
        files.put("clusters/staging/later-broken/cm.yaml", Manifests.configMap(NS, "kept", "k"));
        files.put("clusters/staging/plain.yaml", Manifests.configMap(NS, "plain", "p"));
        return files;
    }

    @Test
    void appliesRenderedUnitsAndABrokenUnitFailsAloneWithOnlyItsObjectsKeptFromPrune() {
        String first = repo.push(fluxLike());
        ApplyCompleted applied = log.awaitCompleted(CLUSTER, first, ApplyTrigger.COMMIT);

        assertThat(applied.getStatus()).as(applied.getResults().toString()).isEqualTo(ApplyStatus.SUCCEEDED);
        assertThat(actions(applied)).containsEntry("Deployment " + NS + "/podinfo", ObjectAction.CREATED)
                .containsEntry("Service " + NS + "/podinfo", ObjectAction.CREATED)
                .containsEntry("ConfigMap " + NS + "/kept", ObjectAction.CREATED)
                .containsEntry("ConfigMap " + NS + "/plain", ObjectAction.CREATED)
                .doesNotContainKey("Kustomization kustomization");
        assertThat(result(applied, "Deployment " + NS + "/podinfo").getSourcePath()).isEqualTo("clusters/staging/apps");
        JsonObject deployment = live(kube, "apps/v1", "Deployment", NS, "podinfo").orElseThrow().getRaw();
        assertThat(deployment.getAsJsonObject("spec").get("replicas").getAsInt()).isEqualTo(2);
        assertThat(deployment.getAsJsonObject("spec").getAsJsonObject("template").getAsJsonObject("spec")
                .getAsJsonArray("containers").get(0).getAsJsonObject().get("image").getAsString())
                .isEqualTo("ghcr.io/stefanprodan/podinfo:6.5.4");
        assertThat(live(kube, "v1", "Service", NS, "podinfo").orElseThrow().getRaw().getAsJsonObject("spec")
                .getAsJsonArray("ports").get(0).getAsJsonObject().get("port").getAsInt()).isEqualTo(8080);
        assertThat(inventory().get("units").getAsString())
                .contains("apps/v1|Deployment|" + NS + "|podinfo|clusters/staging/apps\n")
                .contains("v1|ConfigMap|" + NS + "|plain|clusters/staging/plain.yaml\n");

        Map<String, String> broken = new HashMap<>();
        broken.put("clusters/staging/later-broken/kustomization.yaml", "resources: [cm.yaml, ../../../apps/gone]\n");
        broken.put("clusters/staging/extra/cm.yaml", Manifests.configMap(NS, "extra2", "e"));
        broken.put("clusters/staging/remote/kustomization.yaml",
                "resources:\n- https://github.com/stefanprodan/podinfo//kustomize?ref=6.5.4\n");
        broken.put("clusters/staging/escape/kustomization.yaml", "resources: [../../../../outside]\n");
        broken.put("clusters/staging/bomb/kustomization.yaml", """
                a: &a [x, x, x, x, x, x, x, x, x, x]
                b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
                c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
                d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
                e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
                f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
                resources: [*f]
                """);
        broken.put("clusters/staging/plain.yaml", Manifests.configMap(NS, "plain", "changed"));
        String second = repo.push(broken, List.of(), "break some units");
        ApplyCompleted completed = log.awaitCompleted(CLUSTER, second, ApplyTrigger.COMMIT);

        Map<String, String> failed = completed.getResults().stream()
                .filter(r -> r.getAction() == ObjectAction.FAILED)
                .collect(Collectors.toMap(ObjectResult::getSourcePath, ObjectResult::getMessage));
        assertThat(failed).containsOnlyKeys("clusters/staging/later-broken", "clusters/staging/remote",
                "clusters/staging/escape", "clusters/staging/bomb");
        assertThat(failed.get("clusters/staging/later-broken")).contains("kustomize unit clusters/staging/later-broken")
                .contains("'../../../apps/gone' does not exist in the repository");
        assertThat(failed.get("clusters/staging/remote")).contains("kustomize unit clusters/staging/remote")
                .contains("is remote");
        assertThat(failed.get("clusters/staging/escape")).contains("leaves the repository");
        assertThat(failed.get("clusters/staging/bomb")).contains("YAML bomb");
        assertThat(actions(completed)).containsEntry("ConfigMap " + NS + "/extra", ObjectAction.PRUNED)
                .containsEntry("ConfigMap " + NS + "/extra2", ObjectAction.CREATED)
                .containsEntry("ConfigMap " + NS + "/plain", ObjectAction.CONFIGURED)
                .containsEntry("ConfigMap " + NS + "/kept", ObjectAction.SKIPPED)
                .containsEntry("Deployment " + NS + "/podinfo", ObjectAction.UNCHANGED);
        assertThat(result(completed, "ConfigMap " + NS + "/kept").getMessage())
                .contains("clusters/staging/later-broken");
        assertThat(live(kube, "v1", "ConfigMap", NS, "kept")).isPresent();
        assertThat(live(kube, "v1", "ConfigMap", NS, "extra")).isEmpty();
        assertThat(inventory().get("objects").getAsString()).contains("|kept\n").doesNotContain("|extra\n");
    }

    @Test
    void appliesARepositoryLaidOutForFluxWithoutEdits() {
        Map<String, String> files = new HashMap<>();
        files.put("clusters/production/flux-system/gotk-sync.yaml", """
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: GitRepository
                metadata: {name: flux-system, namespace: flux-system}
                spec: {interval: 1m, url: https://github.com/example/fleet, ref: {branch: main}}
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: flux-system, namespace: flux-system}
                spec: {interval: 10m, path: ./clusters/production, prune: true,
                       sourceRef: {kind: GitRepository, name: flux-system}}
                """);
        files.put("clusters/production/apps.yaml", """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: apps, namespace: flux-system}
                spec:
                  interval: 10m
                  path: ./apps/flux-app
                  prune: true
                  targetNamespace: %s
                  sourceRef: {kind: GitRepository, name: flux-system}
                  postBuild:
                    substitute: {cluster_env: production}
                """.formatted(FLUX_NS));
        files.put("clusters/production/namespace.yaml", Manifests.namespace(FLUX_NS));
        files.put("apps/flux-app/settings.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                data: {env: "${cluster_env}"}
                """);
        String sha = repo.push(files, List.of(), "a Flux layout");

        ApplyCompleted completed = log.awaitCompleted(FLUX_CLUSTER, sha, ApplyTrigger.COMMIT);

        assertThat(completed.getStatus()).as(completed.getResults().toString()).isEqualTo(ApplyStatus.SUCCEEDED);
        assertThat(actions(completed)).containsOnlyKeys("Namespace " + FLUX_NS, "ConfigMap " + FLUX_NS + "/settings");
        assertThat(result(completed, "ConfigMap " + FLUX_NS + "/settings").getSourcePath())
                .isEqualTo("clusters/production/apps.yaml");
        assertThat(live(kube, "v1", "ConfigMap", FLUX_NS, "settings").orElseThrow().getRaw()
                .getAsJsonObject("data").get("env").getAsString()).isEqualTo("production");
    }

    @Test
    void aKustomizationWaitsForTheHealthOfTheOneItDependsOn() {
        Map<String, String> files = new HashMap<>();
        files.put("clusters/ordered/flux.yaml", """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: infra, namespace: flux-system}
                spec: {interval: 10m, path: ./ordered/infra, prune: true, wait: true,
                       sourceRef: {kind: GitRepository, name: flux-system}}
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: apps, namespace: flux-system}
                spec:
                  interval: 10m
                  dependsOn: [{name: infra}]
                  path: ./ordered/apps
                  prune: true
                  targetNamespace: %s
                  sourceRef: {kind: GitRepository, name: flux-system}
                """.formatted(ORDERED_NS));
        files.put("ordered/infra/namespace.yaml", Manifests.namespace(ORDERED_NS));
        files.put("ordered/infra/controller.yaml", Manifests.deployment(ORDERED_NS, "controller", "nginx:1.25"));
        files.put("ordered/apps/app.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: app}
                data: {ready: "yes"}
                """);
        String sha = repo.push(files, List.of(), "apps depend on infra");

        ApplyCompleted first = log.awaitCompleted(ORDERED_CLUSTER, sha, ApplyTrigger.COMMIT);

        assertThat(actions(first)).containsEntry("Deployment " + ORDERED_NS + "/controller", ObjectAction.CREATED)
                .containsEntry("ConfigMap " + ORDERED_NS + "/app", ObjectAction.SKIPPED);
        assertThat(result(first, "ConfigMap " + ORDERED_NS + "/app").getMessage()).isEqualTo("not applied: it "
                + "depends on Kustomization flux-system/infra, which is not ready: apps/Deployment " + ORDERED_NS
                + "/controller is PROGRESSING");
        assertThat(live(kube, "v1", "ConfigMap", ORDERED_NS, "app")).isEmpty();

        LifecycleIT.writeStatus(new DynamicKubernetesApi("apps", "v1", "deployments", kube.apiClient()), ORDERED_NS,
                "controller", """
                {"observedGeneration": 1, "replicas": 2, "updatedReplicas": 2, "readyReplicas": 2,
                 "availableReplicas": 2, "conditions": [{"type": "Available", "status": "True"}]}""");
        TestKafka.publish(ORDERED_CLUSTER, ResyncCluster.newBuilder().setCluster(ORDERED_CLUSTER)
                .setRequestedBy("a test").setReason(null).build());
        ApplyCompleted resync = log.awaitCompleted(ORDERED_CLUSTER, sha, ApplyTrigger.COMMAND);

        assertThat(actions(resync)).containsEntry("ConfigMap " + ORDERED_NS + "/app", ObjectAction.CREATED);
        assertThat(live(kube, "v1", "ConfigMap", ORDERED_NS, "app")).isPresent();
    }

    private static JsonObject inventory() {
        return live(kube, "v1", "ConfigMap", "shiplog-system", "shiplog-inventory-" + CLUSTER).orElseThrow()
                .getRaw().getAsJsonObject("data");
    }
}
