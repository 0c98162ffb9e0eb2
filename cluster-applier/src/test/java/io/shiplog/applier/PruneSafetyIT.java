package io.shiplog.applier;

import static io.shiplog.applier.ApplyFlowIT.actions;
import static io.shiplog.applier.ApplyFlowIT.live;
import static io.shiplog.applier.ApplyFlowIT.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.shiplog.applier.support.AppliesLog;
import io.shiplog.applier.support.ClusterConfig;
import io.shiplog.applier.support.ConfigRepo;
import io.shiplog.applier.support.Manifests;
import io.shiplog.applier.support.RunningApplier;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.events.ObjectAction;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.schemas.testing.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What prune never deletes unless asked: objects that were in the cluster before Shiplog first applied them
 * (adopted), Namespaces and CustomResourceDefinitions. They are kept, leave the inventory and are reported SKIPPED
 * saying how to opt in with {@code shiplog.io/prune: enabled}.
 */
class PruneSafetyIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String OPT_IN = "\n  annotations:\n    shiplog.io/prune: enabled";
    private static KubeCluster kube;
    private static AppliesLog log;
    private static RunningApplier applier;
    private static ConfigRepo optIn;
    private static ConfigRepo namespaces;
    private static ConfigRepo crds;

    @BeforeAll
    static void startApplier() {
        kube = KubeCluster.shared();
        log = new AppliesLog();
        optIn = ConfigRepo.create(GitServer.shared(), "safety-opt-in", TestKafka.events());
        namespaces = ConfigRepo.create(GitServer.shared(), "safety-namespaces", TestKafka.events());
        crds = ConfigRepo.create(GitServer.shared(), "safety-crds", TestKafka.events());
        applier = RunningApplier.start(
                Map.of("opt-in", optIn.url(), "namespaces", namespaces.url(), "crds", crds.url()),
                List.of(ClusterConfig.of(name("opt-in"), "opt-in", kube.kubeconfigPath(), "apps"),
                        ClusterConfig.of(name("namespaces"), "namespaces", kube.kubeconfigPath(), "apps"),
                        ClusterConfig.of(name("crds"), "crds", kube.kubeconfigPath(), "apps")));
    }

    @AfterAll
    static void stopApplier() {
        applier.close();
        log.close();
    }

    private static String name(String test) {
        return "safety-" + test + "-" + SUFFIX;
    }

    @Test
    void keepsAnAdoptedObjectThatLeavesGitEvenAfterARestart() {
        String cluster = name("adopt");
        ConfigRepo repo = ConfigRepo.create(GitServer.shared(), "safety-adopt", TestKafka.events());
        List<ClusterConfig> clusters = List.of(ClusterConfig.of(cluster, "adopt", kube.kubeconfigPath(), "apps"));
        String ns = cluster;
        String first = repo.push(Map.of("apps/namespace.yaml", Manifests.namespace(ns),
                "apps/stays.yaml", Manifests.configMap(ns, "stays", "s")));
        try (RunningApplier before = RunningApplier.start(Map.of("adopt", repo.url()), clusters)) {
            log.awaitCompleted(cluster, first, ApplyTrigger.COMMIT);
            kube.applier().apply(Manifests.configMap(ns, "found", "by hand"));
            String adopting = repo.push(Map.of("apps/found.yaml", Manifests.configMap(ns, "found", "from git"),
                    "apps/created.yaml", Manifests.configMap(ns, "created", "c")), List.of(), "take over found");
            ApplyCompleted completed = log.awaitCompleted(cluster, adopting, ApplyTrigger.COMMIT);
            assertThat(actions(completed)).contains(Map.entry("ConfigMap " + ns + "/found", ObjectAction.CONFIGURED),
                    Map.entry("ConfigMap " + ns + "/created", ObjectAction.CREATED));
            assertThat(inventory(cluster).get("adopted").getAsString()).isEqualTo("v1|ConfigMap|" + ns + "|found\n");
        }

        try (RunningApplier after = RunningApplier.start(Map.of("adopt", repo.url()), clusters)) {
            String removed = repo.push(Map.of(), List.of("apps/found.yaml", "apps/created.yaml"), "remove both");
            ApplyCompleted completed = log.awaitCompleted(cluster, removed, ApplyTrigger.COMMIT);

            assertThat(actions(completed)).contains(Map.entry("ConfigMap " + ns + "/found", ObjectAction.SKIPPED),
                    Map.entry("ConfigMap " + ns + "/created", ObjectAction.PRUNED));
            assertThat(result(completed, "ConfigMap " + ns + "/found").getMessage())
                    .contains("adopted", "shiplog.io/prune: enabled");
            assertThat(live(kube, "v1", "ConfigMap", ns, "found")).isPresent();
            assertThat(live(kube, "v1", "ConfigMap", ns, "created")).isEmpty();
            JsonObject inventory = inventory(cluster);
            assertThat(inventory.get("objects").getAsString()).doesNotContain("|found").contains("|stays");
            assertThat(inventory.has("adopted")).isFalse();
        }
    }

    @Test
    void prunesAnAdoptedObjectWhenOptedIn() {
        String ns = name("opt-in");
        String first = optIn.push(Map.of("apps/namespace.yaml", Manifests.namespace(ns),
                "apps/stays.yaml", Manifests.configMap(ns, "stays", "s")));
        log.awaitCompleted(ns, first, ApplyTrigger.COMMIT);
        kube.applier().apply(Manifests.configMap(ns, "found", "by hand"));
        String adopting = optIn.push(Map.of("apps/found.yaml", Manifests.configMap(ns, "found", "from git")
                .replace("  namespace: " + ns, "  namespace: " + ns + OPT_IN)), List.of(), "take over found");
        log.awaitCompleted(ns, adopting, ApplyTrigger.COMMIT);
        assertThat(inventory(ns).get("adopted").getAsString()).contains("|found");

        String removed = optIn.push(Map.of(), List.of("apps/found.yaml"), "remove found");
        ApplyCompleted completed = log.awaitCompleted(ns, removed, ApplyTrigger.COMMIT);

        assertThat(actions(completed)).containsEntry("ConfigMap " + ns + "/found", ObjectAction.PRUNED);
        assertThat(live(kube, "v1", "ConfigMap", ns, "found")).isEmpty();
    }

    @Test
    void keepsANamespaceThatLeavesGitUnlessOptedIn() {
        String ns = name("namespaces");
        String kept = ns + "-kept";
        String optedIn = ns + "-opted-in";
        String first = namespaces.push(Map.of("apps/namespace.yaml", Manifests.namespace(ns),
                "apps/stays.yaml", Manifests.configMap(ns, "stays", "s"),
                "apps/kept.yaml", Manifests.namespace(kept),
                "apps/opted-in.yaml", Manifests.namespace(optedIn) + OPT_IN.substring(1)));
        ApplyCompleted created = log.awaitCompleted(ns, first, ApplyTrigger.COMMIT);
        assertThat(actions(created)).containsEntry("Namespace " + kept, ObjectAction.CREATED)
                .containsEntry("Namespace " + optedIn, ObjectAction.CREATED);

        String removed = namespaces.push(Map.of(), List.of("apps/kept.yaml", "apps/opted-in.yaml"), "remove two");
        ApplyCompleted completed = log.awaitCompleted(ns, removed, ApplyTrigger.COMMIT);

        assertThat(actions(completed)).containsEntry("Namespace " + kept, ObjectAction.SKIPPED)
                .containsEntry("Namespace " + optedIn, ObjectAction.PRUNED);
        assertThat(result(completed, "Namespace " + kept).getMessage())
                .contains("deletes everything in it", "shiplog.io/prune: enabled");
        assertThat(live(kube, "v1", "Namespace", null, kept)).hasValueSatisfying(n -> assertThat(terminating(n))
                .isFalse());
        await("namespace " + optedIn + " deleted").atMost(Duration.ofSeconds(60))
                .until(() -> gone(live(kube, "v1", "Namespace", null, optedIn)));
        assertThat(inventory(ns).get("objects").getAsString()).doesNotContain(kept).doesNotContain(optedIn);
    }

    @Test
    void keepsACrdThatLeavesGitUnlessOptedIn() {
        String ns = name("crds");
        String keptGroup = "kept" + SUFFIX + ".shiplog.test";
        String optedInGroup = "opted" + SUFFIX + ".shiplog.test";
        String first = crds.push(Map.of("apps/namespace.yaml", Manifests.namespace(ns),
                "apps/kept-crd.yaml", Manifests.widgetCrd(keptGroup),
                "apps/opted-in-crd.yaml", Manifests.widgetCrd(optedInGroup)
                        .replace("  name: widgets." + optedInGroup, "  name: widgets." + optedInGroup + OPT_IN)));
        log.awaitCompleted(ns, first, ApplyTrigger.COMMIT);

        String removed = crds.push(Map.of(), List.of("apps/kept-crd.yaml", "apps/opted-in-crd.yaml"), "remove both");
        ApplyCompleted completed = log.awaitCompleted(ns, removed, ApplyTrigger.COMMIT);

        assertThat(actions(completed))
                .containsEntry("CustomResourceDefinition widgets." + keptGroup, ObjectAction.SKIPPED)
                .containsEntry("CustomResourceDefinition widgets." + optedInGroup, ObjectAction.PRUNED);
        assertThat(result(completed, "CustomResourceDefinition widgets." + keptGroup).getMessage())
                .contains("every object of its kind", "shiplog.io/prune: enabled");
        String crd = "apiextensions.k8s.io/v1";
        assertThat(live(kube, crd, "CustomResourceDefinition", null, "widgets." + keptGroup)).isPresent();
        await("CRD widgets." + optedInGroup + " deleted").atMost(Duration.ofSeconds(60))
                .until(() -> gone(live(kube, crd, "CustomResourceDefinition", null, "widgets." + optedInGroup)));
    }

    private static boolean terminating(DynamicKubernetesObject object) {
        return object.getMetadata().getDeletionTimestamp() != null;
    }

    /** Deleted, or being deleted (no namespace controller runs next to the test API server to finish the job). */
    private static boolean gone(Optional<DynamicKubernetesObject> object) {
        return object.isEmpty() || terminating(object.get());
    }

    private static JsonObject inventory(String id) {
        return live(kube, "v1", "ConfigMap", "shiplog-system", "shiplog-inventory-" + id).orElseThrow().getRaw()
                .getAsJsonObject("data");
    }
}
