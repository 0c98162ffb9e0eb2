package io.shiplog.applier;

import static io.shiplog.applier.ApplyFlowIT.actions;
import static io.shiplog.applier.ApplyFlowIT.live;
import static io.shiplog.applier.ApplyFlowIT.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.applier.support.AppliesLog;
import io.shiplog.applier.support.ClusterConfig;
import io.shiplog.applier.support.ConfigRepo;
import io.shiplog.applier.support.Kubeconfigs;
import io.shiplog.applier.support.Manifests;
import io.shiplog.applier.support.RunningApplier;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyFailed;
import io.shiplog.events.ApplyFailureReason;
import io.shiplog.events.ApplyStatus;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectResult;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.support.Ports;
import io.shiplog.schemas.testing.TestKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Every bad input of the issue: a failed result (or ApplyFailed) with a clear reason, everything else applied. */
@ExtendWith(OutputCaptureExtension.class)
class BadInputIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final List<String> TESTS = List.of("yaml", "bombs", "fields", "kind", "schema", "twice", "allowlist",
            "scoped", "secret", "immutable", "unreachable", "slow", "expired");
    private static final Map<String, ConfigRepo> REPOS = new LinkedHashMap<>();
    private static KubeCluster kube;
    private static AppliesLog log;
    private static RunningApplier applier;
    private static ServerSocket blackHole;

    @BeforeAll
    static void startApplier() throws IOException {
        kube = KubeCluster.shared();
        log = new AppliesLog();
        blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Map<String, String> urls = new LinkedHashMap<>();
        List<ClusterConfig> clusters = new ArrayList<>();
        for (String test : TESTS) {
            REPOS.put(test, ConfigRepo.create(GitServer.shared(), "bad-" + test, TestKafka.events()));
            urls.put(test, REPOS.get(test).url());
            ClusterConfig cluster = ClusterConfig.of(name(test), test, kube.kubeconfigPath(), "apps");
            cluster = switch (test) {
                case "allowlist" -> cluster.namespaces(name(test));
                case "scoped" -> cluster.clusterScoped(false);
                case "unreachable" -> ClusterConfig.of(name(test), test, Kubeconfigs.withPort(kube, Ports.freePort()),
                        "apps");
                case "slow" -> ClusterConfig.of(name(test), test, Kubeconfigs.withPort(kube,
                        blackHole.getLocalPort()), "apps");
                case "expired" -> ClusterConfig.of(name(test), test, Kubeconfigs.withExpiredToken(kube), "apps");
                default -> cluster;
            };
            clusters.add(cluster);
        }
        applier = RunningApplier.start(urls, clusters, "--shiplog.applier.tuning.request-timeout=2s");
    }

    @AfterAll
    static void stopApplier() throws IOException {
        applier.close();
        log.close();
        blackHole.close();
    }

    private static String name(String test) {
        return "bad-" + test + "-" + SUFFIX;
    }

    /** Pushes {@code files} plus a namespace and a valid ConfigMap, and returns the completed apply. */
    private static ApplyCompleted pushWithGoodObjects(String test, Map<String, String> files) {
        Map<String, String> all = new LinkedHashMap<>(files);
        all.put("apps/namespace.yaml", Manifests.namespace(name(test)));
        all.put("apps/good.yaml", Manifests.configMap(name(test), "good", "fine"));
        String sha = REPOS.get(test).push(all);
        ApplyCompleted completed = log.awaitCompleted(name(test), sha, ApplyTrigger.COMMIT);
        assertThat(actions(completed)).containsEntry("ConfigMap " + name(test) + "/good", ObjectAction.CREATED);
        assertThat(live(kube, "v1", "ConfigMap", name(test), "good")).isPresent();
        assertThat(completed.getStatus()).isEqualTo(ApplyStatus.PARTIALLY_FAILED);
        return completed;
    }

    private static ObjectResult onlyFailure(ApplyCompleted completed) {
        List<ObjectResult> failed = completed.getResults().stream()
                .filter(r -> r.getAction() == ObjectAction.FAILED).toList();
        assertThat(failed).hasSize(1);
        return failed.get(0);
    }

    @Test
    void invalidYamlFailsThatDocumentWithItsPosition() {
        ApplyCompleted completed = pushWithGoodObjects("yaml", Map.of("apps/broken.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n"));
        ObjectResult failure = onlyFailure(completed);
        assertThat(failure.getSourcePath()).isEqualTo("apps/broken.yaml");
        assertThat(failure.getMessage()).contains("invalid YAML in apps/broken.yaml document 1").contains("line");
    }

    @Test
    void anAliasBombDeepNestingAndAHugeDocumentFailTheirFileOnly() {
        StringBuilder bomb = new StringBuilder("a: &a [" + "\"lol\",".repeat(8) + "\"lol\"]\n");
        String previous = "a";
        for (char c = 'b'; c <= 'j'; c++) {
            bomb.append(c).append(": &").append(c).append(" [").append(("*" + previous + ",").repeat(8))
                    .append('*').append(previous).append("]\n");
            previous = String.valueOf(c);
        }
        ApplyCompleted completed = pushWithGoodObjects("bombs", Map.of(
                "apps/bomb.yaml", bomb.toString(),
                "apps/deep.yaml", "a: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n",
                "apps/huge.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata:\n  big: "
                        + "x".repeat(3_000_000) + "\n"));

        Map<String, String> failures = new LinkedHashMap<>();
        completed.getResults().stream().filter(r -> r.getAction() == ObjectAction.FAILED)
                .forEach(r -> failures.put(r.getSourcePath(), r.getMessage()));
        assertThat(failures).containsOnlyKeys("apps/bomb.yaml", "apps/deep.yaml", "apps/huge.yaml");
        assertThat(failures.get("apps/bomb.yaml")).contains("YAML bomb");
        assertThat(failures.get("apps/deep.yaml")).containsIgnoringCase("nesting depth");
        assertThat(failures.get("apps/huge.yaml")).contains("code points");
        assertThat(live(kube, "v1", "ConfigMap", name("bombs"), "huge")).isEmpty();
    }

    @Test
    void documentsWithoutKindOrNameFailNamingWhatIsMissing() {
        ApplyCompleted completed = pushWithGoodObjects("fields", Map.of("apps/incomplete.yaml",
                "apiVersion: v1\nmetadata:\n  name: no-kind\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n"));
        List<String> messages = completed.getResults().stream().filter(r -> r.getAction() == ObjectAction.FAILED)
                .map(ObjectResult::getMessage).toList();
        assertThat(messages).containsExactlyInAnyOrder(
                "apps/incomplete.yaml document 1 has no kind",
                "apps/incomplete.yaml document 2 (ConfigMap) has no metadata.name");
    }

    @Test
    void anUnknownKindOrAMissingCrdFailsThatObject() {
        ApplyCompleted completed = pushWithGoodObjects("kind", Map.of("apps/widget.yaml",
                Manifests.widget("missing-" + SUFFIX + ".example.com", name("kind"), "w", 1)));
        ObjectResult failure = onlyFailure(completed);
        assertThat(failure.getObject().getKind()).isEqualTo("Widget");
        assertThat(failure.getMessage()).contains("is not served").contains("CustomResourceDefinition");
    }

    @Test
    void aSchemaViolationFailsWithTheApiServersReason() {
        ApplyCompleted completed = pushWithGoodObjects("schema", Map.of("apps/web.yaml",
                Manifests.deployment(name("schema"), "web", "nginx:1").replace("replicas: 2", "replicas: \"two\"")));
        ObjectResult failure = onlyFailure(completed);
        assertThat(failure.getObject().getKind()).isEqualTo("Deployment");
        assertThat(failure.getMessage()).contains(".spec.replicas");
        assertThat(live(kube, "apps/v1", "Deployment", name("schema"), "web")).isEmpty();
    }

    @Test
    void theSameObjectInTwoFilesFailsNamingBothFiles() {
        ApplyCompleted completed = pushWithGoodObjects("twice", Map.of(
                "apps/one.yaml", Manifests.configMap(name("twice"), "dup", "1"),
                "apps/two.yaml", Manifests.configMap(name("twice"), "dup", "2")));
        List<ObjectResult> failed = completed.getResults().stream()
                .filter(r -> r.getAction() == ObjectAction.FAILED).toList();
        assertThat(failed).hasSize(2).allSatisfy(r -> assertThat(r.getMessage())
                .contains("defined more than once").contains("apps/one.yaml#1").contains("apps/two.yaml#1"));
        assertThat(live(kube, "v1", "ConfigMap", name("twice"), "dup")).isEmpty();
    }

    @Test
    void anObjectInANamespaceOutsideTheAllowListFails() {
        ApplyCompleted completed = pushWithGoodObjects("allowlist", Map.of("apps/elsewhere.yaml",
                Manifests.configMap("kube-system", "sneaky-" + SUFFIX, "x")));
        ObjectResult failure = onlyFailure(completed);
        assertThat(failure.getMessage()).contains("namespace kube-system is not in the allow-list");
        assertThat(live(kube, "v1", "ConfigMap", "kube-system", "sneaky-" + SUFFIX)).isEmpty();
    }

    @Test
    void aClusterScopedObjectWhereNotAllowedFails() {
        String role = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: role-" + SUFFIX
                + "\nrules: []\n";
        Map<String, String> files = new LinkedHashMap<>();
        files.put("apps/role.yaml", role);
        files.put("apps/good.yaml", Manifests.configMap("default", "good-" + SUFFIX, "fine"));
        String sha = REPOS.get("scoped").push(files);
        ApplyCompleted completed = log.awaitCompleted(name("scoped"), sha, ApplyTrigger.COMMIT);
        assertThat(actions(completed)).containsEntry("ConfigMap default/good-" + SUFFIX, ObjectAction.CREATED)
                .containsEntry("ClusterRole role-" + SUFFIX, ObjectAction.FAILED);
        assertThat(result(completed, "ClusterRole role-" + SUFFIX).getMessage())
                .contains("cluster-scoped").contains("does not allow");
        assertThat(live(kube, "rbac.authorization.k8s.io/v1", "ClusterRole", null, "role-" + SUFFIX)).isEmpty();
    }

    @Test
    void secretValuesNeverAppearInEventsOrLogs(CapturedOutput output) {
        String secretText = "hunter2-" + SUFFIX;
        String encoded = java.util.Base64.getEncoder().encodeToString(secretText.getBytes());
        String ns = name("secret");
        String good = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  namespace: " + ns + "\ndata:\n"
                + "  password: " + encoded + "\n";
        String bad = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: broken\n  namespace: " + ns + "\ndata:\n"
                + "  token: 987654321\n  other: " + encoded + "\n";
        ApplyCompleted completed = pushWithGoodObjects("secret", Map.of("apps/creds.yaml", good,
                "apps/broken.yaml", bad));
        assertThat(actions(completed)).containsEntry("Secret " + ns + "/creds", ObjectAction.CREATED);
        ObjectResult failure = onlyFailure(completed);
        assertThat(failure.getObject().getName()).isEqualTo("broken");
        assertThat(failure.getMessage()).isNotBlank();
        for (String secret : List.of(secretText, encoded, "987654321")) {
            assertThat(log.allText()).doesNotContain(secret);
            assertThat(output.getAll()).doesNotContain(secret);
        }
    }

    @Test
    void anImmutableFieldChangeFailsUnlessTheObjectOptsIntoRecreation() {
        String ns = name("immutable");
        String job = """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: %s
                  namespace: %s
                %s
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                      - name: run
                        image: %s
                """;
        ConfigRepo repo = REPOS.get("immutable");
        String first = repo.push(Map.of("apps/namespace.yaml", Manifests.namespace(ns),
                "apps/plain.yaml", job.formatted("plain", ns, "", "busybox:1"),
                "apps/opted.yaml", job.formatted("opted", ns, "  annotations:\n    shiplog.io/recreate: enabled",
                        "busybox:1")));
        log.awaitCompleted(name("immutable"), first, ApplyTrigger.COMMIT);

        String second = repo.push(Map.of(
                "apps/plain.yaml", job.formatted("plain", ns, "", "busybox:2"),
                "apps/opted.yaml", job.formatted("opted", ns, "  annotations:\n    shiplog.io/recreate: enabled",
                        "busybox:2")));
        ApplyCompleted completed = log.awaitCompleted(name("immutable"), second, ApplyTrigger.COMMIT);

        ObjectResult plain = result(completed, "Job " + ns + "/plain");
        assertThat(plain.getAction()).isEqualTo(ObjectAction.FAILED);
        assertThat(plain.getMessage()).contains("immutable");
        ObjectResult opted = result(completed, "Job " + ns + "/opted");
        assertThat(opted.getAction()).isEqualTo(ObjectAction.CONFIGURED);
        assertThat(opted.getMessage()).contains("recreated");
        assertThat(live(kube, "batch/v1", "Job", ns, "opted").orElseThrow().getRaw().toString()).contains("busybox:2");
    }

    @Test
    void anUnreachableApiServerIsReportedAndRetried() {
        String sha = REPOS.get("unreachable").push(Map.of("apps/a.yaml", Manifests.configMap("default", "x", "y")));
        ApplyFailed failed = log.awaitFailed(name("unreachable"));
        assertThat(failed.getReason()).isEqualTo(ApplyFailureReason.CLUSTER_UNREACHABLE);
        assertThat(failed.getCommitSha()).isEqualTo(sha);
        assertThat(failed.getNextRetryAt()).isNotNull();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> log.failed(name("unreachable")).size() >= 2);
        assertThat(log.failed(name("unreachable")).get(1).getAttempt()).isEqualTo(2);
    }

    @Test
    void aSlowApiServerTimesOutInsteadOfHanging() {
        REPOS.get("slow").push(Map.of("apps/a.yaml", Manifests.configMap("default", "x", "y")));
        ApplyFailed failed = log.awaitFailed(name("slow"));
        assertThat(failed.getReason()).isEqualTo(ApplyFailureReason.CLUSTER_UNREACHABLE);
        assertThat(failed.getMessage()).containsPattern("(?i)timeout|timed out");
    }

    @Test
    void expiredCredentialsAreReportedAsUnauthorized() {
        REPOS.get("expired").push(Map.of("apps/a.yaml", Manifests.configMap("default", "x", "y")));
        ApplyFailed failed = log.awaitFailed(name("expired"));
        assertThat(failed.getReason()).isEqualTo(ApplyFailureReason.UNAUTHORIZED);
        assertThat(failed.getMessage()).contains("401");
        assertThat(failed.getMessage()).doesNotContain("expired-token-0000");
    }
}
