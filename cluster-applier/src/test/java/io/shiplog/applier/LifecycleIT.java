package io.shiplog.applier;

import static io.shiplog.applier.ApplyFlowIT.actions;
import static io.shiplog.applier.ApplyFlowIT.live;
import static io.shiplog.applier.ApplyFlowIT.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.ListOptions;
import io.kubernetes.client.util.generic.options.PatchOptions;
import io.shiplog.applier.support.AppliesLog;
import io.shiplog.applier.support.ClusterConfig;
import io.shiplog.applier.support.ConfigRepo;
import io.shiplog.applier.support.Manifests;
import io.shiplog.applier.support.RunningApplier;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.events.Health;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ResumeCluster;
import io.shiplog.events.SuspendCluster;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.schemas.testing.TestKafka;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Suspend and resume, restarts, the empty-prune guard, health and poison records. */
class LifecycleIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    /** Enough objects that a one-request-at-a-time apply is still running when the applier is stopped. */
    private static final int NEW_OBJECTS = 600;
    private static final Map<String, ConfigRepo> REPOS = new HashMap<>();
    private static KubeCluster kube;
    private static AppliesLog log;
    private static RunningApplier applier;

    @BeforeAll
    static void startApplier() {
        kube = KubeCluster.shared();
        log = new AppliesLog();
        Map<String, String> urls = new HashMap<>();
        for (String test : List.of("suspend", "empty", "health", "poison")) {
            REPOS.put(test, ConfigRepo.create(GitServer.shared(), "life-" + test, TestKafka.events()));
            urls.put(test, REPOS.get(test).url());
        }
        applier = RunningApplier.start(urls, List.of(
                ClusterConfig.of(name("suspend"), "suspend", kube.kubeconfigPath(), "apps"),
                ClusterConfig.of(name("empty"), "empty", kube.kubeconfigPath(), "apps"),
                ClusterConfig.of(name("health"), "health", kube.kubeconfigPath(), "apps"),
                ClusterConfig.of(name("poison"), "poison", kube.kubeconfigPath(), "apps")),
                "--shiplog.applier.tuning.health-timeout=60s", "--shiplog.applier.tuning.health-poll-interval=100ms");
    }

    @AfterAll
    static void stopApplier() {
        applier.close();
        log.close();
    }

    private static String name(String test) {
        return "life-" + test + "-" + SUFFIX;
    }

    @Test
    void aSuspendedClusterAppliesNothingUntilResumedThenOnlyTheNewestCommit() throws Exception {
        String ns = name("suspend");
        ConfigRepo repo = REPOS.get("suspend");
        String c0 = repo.push(Map.of("apps/namespace.yaml", Manifests.namespace(ns),
                "apps/config.yaml", Manifests.configMap(ns, "release", "0")));
        log.awaitCompleted(name("suspend"), c0, ApplyTrigger.COMMIT);

        command(name("suspend"), SuspendCluster.newBuilder().setCluster(name("suspend")).setRequestedBy("lifecycle-it")
                .build());
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/clusters/" + name("suspend"))
                .contains("\"suspended\":true"));
        String c1 = repo.push(Map.of("apps/config.yaml", Manifests.configMap(ns, "release", "1")));
        String c2 = repo.push(Map.of("apps/config.yaml", Manifests.configMap(ns, "release", "2")));
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/clusters/" + name("suspend")).contains(c2));
        assertThat(log.completed(name("suspend"))).extracting(ApplyCompleted::getCommitSha).containsOnly(c0);

        command(name("suspend"), ResumeCluster.newBuilder().setCluster(name("suspend")).setRequestedBy("lifecycle-it")
                .build());
        ApplyCompleted resumed = log.awaitCompleted(name("suspend"), c2, ApplyTrigger.COMMIT);
        assertThat(resumed.getSkippedCommits()).containsExactly(c1);
        assertThat(live(kube, "v1", "ConfigMap", ns, "release").orElseThrow().getRaw().getAsJsonObject("data")
                .get("value").getAsString()).isEqualTo("2");
    }

    @Test
    void aDesiredSetThatBecameEmptyIsNotPrunedUnlessAllowed() {
        String ns = name("empty");
        ConfigRepo repo = REPOS.get("empty");
        String c0 = repo.push(Map.of("apps/namespace.yaml", Manifests.namespace(ns),
                "apps/config.yaml", Manifests.configMap(ns, "precious", "x")));
        log.awaitCompleted(name("empty"), c0, ApplyTrigger.COMMIT);

        String c1 = repo.push(Map.of("elsewhere/readme.yaml", Manifests.configMap(ns, "other", "y")),
                List.of("apps/namespace.yaml", "apps/config.yaml"), "move everything away");
        ApplyCompleted completed = log.awaitCompleted(name("empty"), c1, ApplyTrigger.COMMIT);

        assertThat(actions(completed)).containsOnly(
                Map.entry("Namespace " + ns, ObjectAction.SKIPPED),
                Map.entry("ConfigMap " + ns + "/precious", ObjectAction.SKIPPED));
        assertThat(result(completed, "ConfigMap " + ns + "/precious").getMessage()).contains("allow-empty-prune");
        assertThat(live(kube, "v1", "ConfigMap", ns, "precious")).isPresent();
    }

    @Test
    void workloadsAreReportedHealthyOnceTheirStatusCatchesUpWithinTheBoundedWait() {
        String ns = name("health");
        ConfigRepo repo = REPOS.get("health");
        String sha = repo.push(Map.of("apps/namespace.yaml", Manifests.namespace(ns),
                "apps/web.yaml", Manifests.deployment(ns, "web", "nginx:1.25"),
                "apps/stuck.yaml", Manifests.deployment(ns, "stuck", "nginx:1.25")));
        DynamicKubernetesApi deployments = new DynamicKubernetesApi("apps", "v1", "deployments", kube.apiClient());
        await("deployments exist").atMost(Duration.ofSeconds(60))
                .until(() -> live(kube, "apps/v1", "Deployment", ns, "stuck").isPresent()
                        && live(kube, "apps/v1", "Deployment", ns, "web").isPresent());
        writeStatus(deployments, ns, "web", """
                {"observedGeneration": 1, "replicas": 2, "updatedReplicas": 2, "readyReplicas": 2,
                 "availableReplicas": 2, "conditions": [{"type": "Available", "status": "True"}]}""");
        writeStatus(deployments, ns, "stuck", """
                {"observedGeneration": 1, "replicas": 2, "updatedReplicas": 0, "conditions": [
                 {"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded"}]}""");

        ApplyCompleted completed = log.awaitCompleted(name("health"), sha, ApplyTrigger.COMMIT);

        assertThat(result(completed, "Deployment " + ns + "/web").getHealth()).isEqualTo(Health.HEALTHY);
        assertThat(result(completed, "Deployment " + ns + "/stuck").getHealth()).isEqualTo(Health.DEGRADED);
        assertThat(result(completed, "Namespace " + ns).getHealth()).isEqualTo(Health.HEALTHY);
    }

    @Test
    void anUndecodableCommitRecordGoesToTheDeadLetterTopicAndTheNextCommitIsApplied() throws Exception {
        ConfigRepo repo = REPOS.get("poison");
        TestKafka.sendRaw(TopicCatalogue.COMMITS.name(), repo.url() + "#main", "not avro at all".getBytes());
        String ns = name("poison");
        String sha = repo.push(Map.of("apps/namespace.yaml", Manifests.namespace(ns)));
        ApplyCompleted completed = log.awaitCompleted(name("poison"), sha, ApplyTrigger.COMMIT);
        assertThat(actions(completed)).containsEntry("Namespace " + ns, ObjectAction.CREATED);
        String metrics = get("/actuator/prometheus");
        assertThat(metrics).containsPattern("shiplog_applier_bad_records_total\\{[^}]*cluster=\"" + name("poison")
                + "\"[^}]*} 1\\.0");
        assertThat(metrics).as("the dead letter counted where dashboards and alerts read it")
                .containsPattern("shiplog_kafka_dead_letters_total\\{[^}]*consumer=\"cluster-applier/"
                        + applier.group() + "\"[^}]*} 1\\.0");
    }

    @Test
    void aRestartMidApplyLeavesAConsistentInventoryAndFinishesTheCommit() throws Exception {
        String test = "restart-" + SUFFIX;
        ConfigRepo repo = ConfigRepo.create(GitServer.shared(), "life-restart", TestKafka.events());
        List<ClusterConfig> clusters = List.of(ClusterConfig.of(test, "restart", kube.kubeconfigPath(), "apps"));
        String[] slow = {"--shiplog.applier.tuning.concurrency=1"};
        Map<String, String> files = new HashMap<>();
        files.put("apps/namespace.yaml", Manifests.namespace(test));
        for (int i = 0; i < 3; i++) {
            files.put("apps/old-" + i + ".yaml", Manifests.configMap(test, "old-" + i, "o"));
        }
        String c0 = repo.push(files);
        try (RunningApplier first = RunningApplier.start(Map.of("restart", repo.url()), clusters, slow)) {
            log.awaitCompleted(test, c0, ApplyTrigger.COMMIT);
            Map<String, String> next = new HashMap<>();
            for (int i = 0; i < NEW_OBJECTS; i++) {
                next.put("apps/new-" + i + ".yaml", Manifests.configMap(test, "new-" + i, "n"));
            }
            String c1 = repo.push(next, List.of("apps/old-0.yaml", "apps/old-1.yaml", "apps/old-2.yaml"), "replace");
            await("part of the new objects applied").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(50)).until(() -> labelled(test).size() > 3 + 20);
            first.close();
            assertThat(log.completed(test)).extracting(ApplyCompleted::getCommitSha).doesNotContain(c1);

            JsonObject inventory = inventory(test);
            assertThat(inventory.get("state").getAsString()).isEqualTo("APPLYING");
            assertThat(inventoryNames(inventory)).containsAll(labelled(test));
            assertThat(labelled(test).size()).isLessThan(3 + NEW_OBJECTS);

            try (RunningApplier second = RunningApplier.start(Map.of("restart", repo.url()), clusters)) {
                ApplyCompleted completed = log.awaitCompleted(test, c1, ApplyTrigger.COMMIT);
                assertThat(completed.getResults()).filteredOn(r -> r.getAction() == ObjectAction.PRUNED).hasSize(3);
                JsonObject done = inventory(test);
                assertThat(done.get("state").getAsString()).isEqualTo("COMPLETE");
                assertThat(done.get("commit").getAsString()).isEqualTo(c1);
                assertThat(inventoryNames(done)).hasSize(NEW_OBJECTS + 1).containsAll(labelled(test));
                assertThat(labelled(test)).hasSize(NEW_OBJECTS).allMatch(n -> n.startsWith("new-"));
            }
        }
    }

    /** Names of the ConfigMaps in namespace {@code ns} carrying the inventory label {@code ns}. */
    private static Set<String> labelled(String ns) {
        ListOptions options = new ListOptions();
        options.setLabelSelector("shiplog.io/inventory=" + ns);
        Set<String> names = new TreeSet<>();
        new DynamicKubernetesApi("", "v1", "configmaps", kube.apiClient()).list(ns, options).getObject().getItems()
                .forEach(o -> names.add(o.getMetadata().getName()));
        return names;
    }

    private static JsonObject inventory(String id) {
        DynamicKubernetesObject object = live(kube, "v1", "ConfigMap", "shiplog-system", "shiplog-inventory-" + id)
                .orElseThrow();
        return object.getRaw().getAsJsonObject("data");
    }

    /** ConfigMap names listed in an inventory (the namespace object is listed too, by its own name). */
    private static Set<String> inventoryNames(JsonObject data) {
        Set<String> names = new TreeSet<>();
        for (String line : data.get("objects").getAsString().split("\n")) {
            if (!line.isBlank()) {
                String[] parts = line.split("\\|");
                names.add(parts[1].equals("ConfigMap") ? parts[3] : parts[1] + ":" + parts[3]);
            }
        }
        return names;
    }

    static void writeStatus(DynamicKubernetesApi api, String ns, String name, String status) {
        String patch = "{\"status\": " + status + "}";
        var response = api.patch(ns, name + "/status", V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, new V1Patch(patch),
                new PatchOptions());
        assertThat(response.isSuccess()).as("status write: " + response.getStatus()).isTrue();
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url(path))
                .header("Authorization", "Bearer " + RunningApplier.READ_TOKEN)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    /** Publishes a command on {@code shiplog.commands}, keyed by its cluster, as the CLI does. */
    private static void command(String cluster, SpecificRecord payload) {
        TestKafka.publish(cluster, payload);
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + applier.port() + path);
    }
}
