package io.shiplog.applier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.shiplog.applier.support.AppliesLog;
import io.shiplog.applier.support.ClusterConfig;
import io.shiplog.applier.support.ConfigRepo;
import io.shiplog.applier.support.Manifests;
import io.shiplog.applier.support.RunningApplier;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyStatus;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.events.Health;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectResult;
import io.shiplog.events.ResyncCluster;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.kube.ServerSideApplier;
import io.shiplog.schemas.testing.TestKafka;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One cluster, one commit after the other: create, configure, leave unchanged, prune, undo drift. */
class ApplyFlowIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static KubeCluster kube;
    private static AppliesLog log;
    private static RunningApplier applier;
    private static final Map<String, ConfigRepo> REPOS = new LinkedHashMap<>();

    @BeforeAll
    static void startApplier() {
        kube = KubeCluster.shared();
        log = new AppliesLog();
        for (String test : List.of("crd", "change", "normalised", "prune", "drift", "command", "sent")) {
            REPOS.put(test, ConfigRepo.create(GitServer.shared(), "flow-" + test, TestKafka.events()));
        }
        Map<String, String> urls = new LinkedHashMap<>();
        REPOS.forEach((test, repo) -> urls.put(test, repo.url()));
        applier = RunningApplier.start(urls, List.of(
                cluster("crd"), cluster("change"), cluster("normalised"), cluster("prune"),
                cluster("drift").resyncInterval("2s"), cluster("command"), cluster("sent")));
    }

    @AfterAll
    static void stopApplier() {
        applier.close();
        log.close();
    }

    private static ClusterConfig cluster(String test) {
        return ClusterConfig.of(name(test), test, kube.kubeconfigPath(), "apps");
    }

    private static String name(String test) {
        return "flow-" + test + "-" + SUFFIX;
    }

    @Test
    void appliesCrdCustomResourceNamespaceDeploymentAndServiceInOneCommit() {
        String ns = name("crd");
        String group = "w" + SUFFIX + ".example.com";
        ConfigRepo repo = REPOS.get("crd");
        String sha = repo.push(Map.of(
                "apps/namespace.yaml", Manifests.namespace(ns),
                "apps/crd.yaml", Manifests.widgetCrd(group),
                "apps/widget.yaml", Manifests.widget(group, ns, "gizmo", 3),
                "apps/web.yaml", Manifests.deployment(ns, "web", "nginx:1.25") + "---\n" + Manifests.service(ns, "web"),
                "README.md", "not a manifest"));

        ApplyCompleted completed = log.awaitCompleted(name("crd"), sha, ApplyTrigger.COMMIT);

        assertThat(completed.getStatus()).isEqualTo(ApplyStatus.SUCCEEDED);
        assertThat(actions(completed)).containsOnly(
                Map.entry("Namespace " + ns, ObjectAction.CREATED),
                Map.entry("CustomResourceDefinition widgets." + group, ObjectAction.CREATED),
                Map.entry("Widget " + ns + "/gizmo", ObjectAction.CREATED),
                Map.entry("Deployment " + ns + "/web", ObjectAction.CREATED),
                Map.entry("Service " + ns + "/web", ObjectAction.CREATED));
        assertThat(result(completed, "Deployment " + ns + "/web").getImages()).containsExactly("nginx:1.25");
        assertThat(live(kube, group + "/v1", "Widget", ns, "gizmo")).isPresent();
        DynamicKubernetesObject deployment = live(kube, "apps/v1", "Deployment", ns, "web").orElseThrow();
        assertThat(deployment.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "shiplog")
                .containsEntry("shiplog.io/inventory", name("crd"));
        assertThat(log.started(name("crd"))).anySatisfy(started -> {
            assertThat(started.getCommitSha()).isEqualTo(sha);
            assertThat(started.getObjectCount()).isEqualTo(5);
        });
    }

    @Test
    void aValueTheServerNormalisesIsReportedUnchangedAndNotWrittenAgain() throws Exception {
        String ns = name("normalised");
        ConfigRepo repo = REPOS.get("normalised");
        // the server stores 0.5 CPU as 500m: the live object never holds git's value, yet nothing is to be changed
        String web = Manifests.deployment(ns, "web", "registry.local/web:1.0.0")
                + "        resources:\n          requests:\n            cpu: 0.5\n";
        String first = repo.push(Map.of("apps/namespace.yaml", Manifests.namespace(ns), "apps/web.yaml", web));
        log.awaitCompleted(name("normalised"), first, ApplyTrigger.COMMIT);
        AppsV1Api apps = new AppsV1Api(kube.apiClient());
        String version = apps.readNamespacedDeployment("web", ns).execute().getMetadata().getResourceVersion();

        String second = repo.push(Map.of("apps/config.yaml", Manifests.configMap(ns, "settings", "a")));
        ApplyCompleted completed = log.awaitCompleted(name("normalised"), second, ApplyTrigger.COMMIT);

        assertThat(actions(completed)).containsOnly(
                Map.entry("Namespace " + ns, ObjectAction.UNCHANGED),
                Map.entry("Deployment " + ns + "/web", ObjectAction.UNCHANGED),
                Map.entry("ConfigMap " + ns + "/settings", ObjectAction.CREATED));
        assertThat(apps.readNamespacedDeployment("web", ns).execute().getMetadata().getResourceVersion())
                .isEqualTo(version);
    }

    @Test
    void reportsAnImageChangeAsConfiguredAndEverythingElseAsUnchanged() {
        String ns = name("change");
        ConfigRepo repo = REPOS.get("change");
        String first = repo.push(Map.of(
                "apps/namespace.yaml", Manifests.namespace(ns),
                "apps/web.yaml", Manifests.deployment(ns, "web", "registry.local/web:1.0.0"),
                "apps/service.yaml", Manifests.service(ns, "web"),
                "apps/config.yaml", Manifests.configMap(ns, "settings", "a")));
        log.awaitCompleted(name("change"), first, ApplyTrigger.COMMIT);

        String second = repo.push(Map.of("apps/web.yaml", Manifests.deployment(ns, "web", "registry.local/web:1.1.0")));
        ApplyCompleted completed = log.awaitCompleted(name("change"), second, ApplyTrigger.COMMIT);

        assertThat(actions(completed)).containsOnly(
                Map.entry("Namespace " + ns, ObjectAction.UNCHANGED),
                Map.entry("Deployment " + ns + "/web", ObjectAction.CONFIGURED),
                Map.entry("Service " + ns + "/web", ObjectAction.UNCHANGED),
                Map.entry("ConfigMap " + ns + "/settings", ObjectAction.UNCHANGED));
        assertThat(result(completed, "Deployment " + ns + "/web").getImages())
                .containsExactly("registry.local/web:1.1.0");
        assertThat(completed.getSkippedCommits()).isEmpty();
    }

    @Test
    void prunesObjectsThatLeftGitButNeverObjectsShiplogDidNotCreate() {
        String ns = name("prune");
        ConfigRepo repo = REPOS.get("prune");
        String keepAnnotation = Manifests.configMap(ns, "kept", "k").replace("  namespace: " + ns,
                "  namespace: " + ns + "\n  annotations:\n    shiplog.io/prune: disabled");
        String first = repo.push(Map.of(
                "apps/namespace.yaml", Manifests.namespace(ns),
                "apps/stays.yaml", Manifests.configMap(ns, "stays", "s"),
                "apps/goes.yaml", Manifests.configMap(ns, "goes", "g"),
                "apps/kept.yaml", keepAnnotation));
        log.awaitCompleted(name("prune"), first, ApplyTrigger.COMMIT);
        kube.applier().apply(Manifests.configMap(ns, "by-hand", "h").replace("  namespace: " + ns,
                "  namespace: " + ns + "\n  labels:\n    app.kubernetes.io/managed-by: shiplog\n"
                        + "    shiplog.io/inventory: " + name("prune")));

        String second = repo.push(Map.of(), List.of("apps/goes.yaml", "apps/kept.yaml"), "remove two");
        ApplyCompleted completed = log.awaitCompleted(name("prune"), second, ApplyTrigger.COMMIT);

        assertThat(actions(completed)).contains(
                Map.entry("ConfigMap " + ns + "/goes", ObjectAction.PRUNED),
                Map.entry("ConfigMap " + ns + "/kept", ObjectAction.SKIPPED),
                Map.entry("ConfigMap " + ns + "/stays", ObjectAction.UNCHANGED));
        assertThat(actions(completed)).doesNotContainKey("ConfigMap " + ns + "/by-hand");
        assertThat(live(kube, "v1", "ConfigMap", ns, "goes")).isEmpty();
        assertThat(live(kube, "v1", "ConfigMap", ns, "kept")).isPresent();
        assertThat(live(kube, "v1", "ConfigMap", ns, "by-hand")).isPresent();
        assertThat(live(kube, "v1", "ConfigMap", ns, "stays")).isPresent();
    }

    @Test
    void undoesAnAdHocEditByAnotherFieldManagerAtTheNextResync() {
        String ns = name("drift");
        ConfigRepo repo = REPOS.get("drift");
        String sha = repo.push(Map.of(
                "apps/namespace.yaml", Manifests.namespace(ns),
                "apps/web.yaml", Manifests.deployment(ns, "web", "nginx:1.25")));
        log.awaitCompleted(name("drift"), sha, ApplyTrigger.COMMIT);

        scaleByHand(ns, "web", 5);
        assertThat(replicas(ns, "web")).isEqualTo(5);

        await("resync restores replicas").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> replicas(ns, "web") == 2);
        // the event is published after the apply, so it may reach the log a moment after the cluster changed
        ApplyCompleted resync = await("resync reported").atMost(Duration.ofSeconds(30))
                .until(() -> log.completed(name("drift")).stream()
                        .filter(c -> c.getTrigger() == ApplyTrigger.RESYNC
                                && actions(c).get("Deployment " + ns + "/web") == ObjectAction.CONFIGURED)
                        .findFirst(), Optional::isPresent).orElseThrow();
        assertThat(resync.getCommitSha()).isEqualTo(sha);
    }

    @Test
    void resyncClusterCommandReappliesTheLastCommitAtOnce() throws Exception {
        String ns = name("command");
        ConfigRepo repo = REPOS.get("command");
        String sha = repo.push(Map.of(
                "apps/namespace.yaml", Manifests.namespace(ns),
                "apps/web.yaml", Manifests.deployment(ns, "web", "nginx:1.25")));
        log.awaitCompleted(name("command"), sha, ApplyTrigger.COMMIT);
        scaleByHand(ns, "web", 4);

        TestKafka.publish(name("command"), ResyncCluster.newBuilder().setCluster(name("command"))
                .setRequestedBy("a test").setReason(null).build());

        ApplyCompleted completed = log.awaitCompleted(name("command"), sha, ApplyTrigger.COMMAND);
        assertThat(actions(completed)).containsEntry("Deployment " + ns + "/web", ObjectAction.CONFIGURED);
        assertThat(replicas(ns, "web")).isEqualTo(2);
    }

    @Test
    void aCommitSendsOnlyWhatChangedInGitAndAResyncUndoesAnEditToTheRest() throws Exception {
        String ns = name("sent");
        ConfigRepo repo = REPOS.get("sent");
        String first = repo.push(Map.of(
                "apps/namespace.yaml", Manifests.namespace(ns),
                "apps/a.yaml", Manifests.configMap(ns, "a", "1"),
                "apps/b.yaml", Manifests.configMap(ns, "b", "1")));
        log.awaitCompleted(name("sent"), first, ApplyTrigger.COMMIT);
        new ServerSideApplier(kube.apiClient(), "kubectl-edit").apply(
                Manifests.configMap(ns, "b", "by hand"));

        String second = repo.push(Map.of("apps/a.yaml", Manifests.configMap(ns, "a", "2")));
        ApplyCompleted completed = log.awaitCompleted(name("sent"), second, ApplyTrigger.COMMIT);

        assertThat(actions(completed)).containsOnly(
                Map.entry("Namespace " + ns, ObjectAction.UNCHANGED),
                Map.entry("ConfigMap " + ns + "/a", ObjectAction.CONFIGURED),
                Map.entry("ConfigMap " + ns + "/b", ObjectAction.UNCHANGED));
        assertThat(result(completed, "ConfigMap " + ns + "/b").getHealth()).isEqualTo(Health.HEALTHY);
        assertThat(value(ns, "a")).isEqualTo("2");
        assertThat(value(ns, "b")).as("b did not change in git, so the commit did not send it").isEqualTo("by hand");

        TestKafka.publish(name("sent"), ResyncCluster.newBuilder().setCluster(name("sent"))
                .setRequestedBy("a test").setReason(null).build());
        ApplyCompleted resync = log.awaitCompleted(name("sent"), second, ApplyTrigger.COMMAND);
        assertThat(actions(resync)).containsEntry("ConfigMap " + ns + "/b", ObjectAction.CONFIGURED);
        assertThat(value(ns, "b")).isEqualTo("1");
    }

    private static String value(String ns, String name) {
        return live(kube, "v1", "ConfigMap", ns, name).orElseThrow().getRaw().getAsJsonObject("data").get("value")
                .getAsString();
    }

    private static void scaleByHand(String ns, String name, int replicas) {
        new ServerSideApplier(kube.apiClient(), "kubectl-scale").apply("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  replicas: %d
                """.formatted(name, ns, replicas));
    }

    private static long replicas(String ns, String name) {
        return live(kube, "apps/v1", "Deployment", ns, name).orElseThrow().getRaw().getAsJsonObject("spec")
                .get("replicas").getAsLong();
    }

    static Optional<DynamicKubernetesObject> live(KubeCluster cluster, String apiVersion, String kind, String ns,
                                                  String name) {
        return cluster.applier().get(apiVersion, kind, ns, name);
    }

    /** "Kind namespace/name" → action. */
    static Map<String, ObjectAction> actions(ApplyCompleted completed) {
        Map<String, ObjectAction> actions = new LinkedHashMap<>();
        for (ObjectResult result : completed.getResults()) {
            actions.put(describe(result), result.getAction());
        }
        return actions;
    }

    static ObjectResult result(ApplyCompleted completed, String described) {
        return completed.getResults().stream().filter(r -> describe(r).equals(described)).findFirst().orElseThrow();
    }

    static String describe(ObjectResult result) {
        var ref = result.getObject();
        return ref.getKind() + " " + (ref.getNamespace() == null ? "" : ref.getNamespace() + "/") + ref.getName();
    }
}
