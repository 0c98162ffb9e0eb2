package io.shiplog.auditor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.shiplog.applier.support.AppliesLog;
import io.shiplog.applier.support.ClusterConfig;
import io.shiplog.applier.support.ConfigRepo;
import io.shiplog.applier.support.Kubeconfigs;
import io.shiplog.applier.support.Manifests;
import io.shiplog.applier.support.RunningApplier;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.events.AuditFailed;
import io.shiplog.events.DriftDetected;
import io.shiplog.events.DriftKind;
import io.shiplog.events.FieldDrift;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.kube.ServerSideApplier;
import io.shiplog.local.render.SopsTool;
import io.shiplog.schemas.testing.TestKafka;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real applier puts git's objects on a real apiserver, the real drift-auditor watches them, and the tests
 * change them by hand the way people do (another field manager, a delete, a stray object).
 */
class DriftDetectionIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String IMAGE = "registry.example/shop/web:1.4.2";
    private static final String GIT_SECRET = "git-secret-value-7f3a";
    private static final String HAND_SECRET = "hand-secret-value-91c2";
    private static final Map<String, ConfigRepo> REPOS = new LinkedHashMap<>();
    private static final Map<String, String> SHAS = new LinkedHashMap<>();
    private static KubeCluster kube;
    private static AppliesLog applies;
    private static DriftLog drift;
    private static RunningApplier applier;
    private static RunningAuditor auditor;
    private static SopsTool.AgeKey ageKey;

    @BeforeAll
    static void start() throws Exception {
        kube = KubeCluster.shared();
        applies = new AppliesLog();
        drift = new DriftLog();
        for (String test : List.of("report", "hpa", "secret", "correct", "bombs", "kustomize", "sops")) {
            REPOS.put(test, ConfigRepo.create(GitServer.shared(), "drift-" + test, TestKafka.events()));
        }
        Map<String, String> urls = new LinkedHashMap<>();
        REPOS.forEach((test, repo) -> urls.put(test, repo.url()));
        ageKey = SopsTool.newAgeKey();
        Path keyFile = ageKey.writeTo(Files.createTempDirectory("drift-age").resolve("age.agekey"));
        applier = RunningApplier.start(urls, REPOS.keySet().stream()
                .map(test -> ClusterConfig.of(name(test), test, kube.kubeconfigPath(), "apps"))
                .map(c -> c.name().equals(name("sops")) ? c.ageKeyFile(keyFile) : c).toList());
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        urls.put("down", REPOS.get("report").url());
        auditor = RunningAuditor.start(urls, List.of(
                cluster("report", Map.of()),
                cluster("hpa", Map.of("ignore[0].kind", "Deployment", "ignore[0].managers", "hpa-controller")),
                cluster("secret", Map.of()),
                cluster("correct", Map.of("mode", "correct")),
                cluster("bombs", Map.of()),
                cluster("kustomize", Map.of()),
                cluster("sops", Map.of("decryption.key-file", keyFile.toString())),
                Map.of("name", name("down"), "repository", "down", "paths", "apps",
                        "kubeconfig", Kubeconfigs.withPort(kube, deadPort).toString())));

        push("report", Map.of(
                "apps/ns.yaml", Manifests.namespace(ns("report")),
                "apps/web.yaml", Manifests.deployment(ns("report"), "web", IMAGE),
                "apps/doomed.yaml", Manifests.configMap(ns("report"), "doomed", "x")));
        push("hpa", Map.of(
                "apps/ns.yaml", Manifests.namespace(ns("hpa")),
                "apps/web.yaml", Manifests.deployment(ns("hpa"), "web", IMAGE)));
        push("secret", Map.of(
                "apps/ns.yaml", Manifests.namespace(ns("secret")),
                "apps/db.yaml", """
                        apiVersion: v1
                        kind: Secret
                        metadata:
                          name: db
                          namespace: %s
                        stringData:
                          password: %s
                        """.formatted(ns("secret"), GIT_SECRET)));
        StringBuilder bomb = new StringBuilder("a: &a [" + "\"lol\",".repeat(8) + "\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            bomb.append(c).append(": &").append(c).append(" [").append(("*" + (char) (c - 1) + ",").repeat(8))
                    .append('*').append((char) (c - 1)).append("]\n");
        }
        push("bombs", Map.of(
                "apps/ns.yaml", Manifests.namespace(ns("bombs")),
                "apps/web.yaml", Manifests.deployment(ns("bombs"), "web", IMAGE),
                "apps/bomb.yaml", bomb.toString(),
                "apps/deep.yaml", "a: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n"));
        push("sops", Map.of(
                "apps/ns.yaml", Manifests.namespace(ns("sops")),
                "apps/db.yaml", SopsTool.encryptYaml("""
                        apiVersion: v1
                        kind: Secret
                        metadata:
                          name: db
                          namespace: %s
                        stringData:
                          password: %s
                        """.formatted(ns("sops"), GIT_SECRET), ageKey)));
        push("kustomize", Map.of(
                "apps/kustomization.yaml", "resources: [../base]\nimages:\n- name: registry.example/shop/web\n"
                        + "  newTag: 2.0.0\n",
                "base/kustomization.yaml", "resources: [ns.yaml, web.yaml]\n",
                "base/ns.yaml", Manifests.namespace(ns("kustomize")),
                "base/web.yaml", Manifests.deployment(ns("kustomize"), "web", IMAGE)));
        push("correct", Map.of(
                "apps/ns.yaml", Manifests.namespace(ns("correct")),
                "apps/web.yaml", Manifests.deployment(ns("correct"), "web", IMAGE)));
    }

    @AfterAll
    static void stop() {
        auditor.close();
        applier.close();
        drift.close();
        applies.close();
    }

    private static void push(String test, Map<String, String> files) {
        String sha = REPOS.get(test).push(files);
        SHAS.put(test, sha);
        applies.awaitCompleted(name(test), sha, ApplyTrigger.COMMIT);
        drift.awaitAudit(name(test), a -> sha.equals(a.getCommitSha()));
    }

    private static Map<String, String> cluster(String test, Map<String, String> more) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of("name", name(test), "repository", test,
                "paths", "apps", "kubeconfig", kube.kubeconfigPath().toString()));
        settings.putAll(more);
        return settings;
    }

    private static String name(String test) {
        return "drift-" + test + "-" + SUFFIX;
    }

    private static String ns(String test) {
        return name(test);
    }

    private static void setImage(String test, String image) {
        LiveEdits.setWebImage(kube, ns(test), image);
    }

    private static String liveImage(String test) {
        return kube.applier().get("apps/v1", "Deployment", ns(test), "web").orElseThrow().getRaw()
                .getAsJsonObject("spec").getAsJsonObject("template").getAsJsonObject("spec")
                .getAsJsonArray("containers").get(0).getAsJsonObject().get("image").getAsString();
    }

    @Test
    void auditsEveryObjectOfTheAppliedCommitAndFindsThemInSync() {
        var audit = drift.awaitAudit(name("report"), a -> SHAS.get("report").equals(a.getCommitSha()));

        assertThat(audit.getObjectsChecked()).isEqualTo(3);
        assertThat(audit.getInSync()).isEqualTo(3);
        assertThat(audit.getModified() + audit.getDeleted() + audit.getUnmanaged()).isZero();
    }

    @Test
    void auditsTheGoodObjectsOfACommitWhoseOtherFilesAreAYamlBombAndTooDeeplyNested() {
        var audit = drift.awaitAudit(name("bombs"), a -> SHAS.get("bombs").equals(a.getCommitSha()));

        assertThat(audit.getObjectsChecked()).isEqualTo(2);
        assertThat(audit.getInSync()).isEqualTo(2);
    }

    @Test
    void comparesTheLiveClusterWithTheRenderedOutputOfAKustomizeUnit() {
        var audit = drift.awaitAudit(name("kustomize"), a -> SHAS.get("kustomize").equals(a.getCommitSha()));
        assertThat(audit.getObjectsChecked()).isEqualTo(2);
        assertThat(audit.getInSync()).isEqualTo(2);
        assertThat(liveImage("kustomize")).isEqualTo("registry.example/shop/web:2.0.0");

        setImage("kustomize", IMAGE);

        DriftDetected detected = drift.awaitDetected(name("kustomize"), "web",
                d -> d.getKind() == DriftKind.MODIFIED);
        assertThat(detected.getFields()).containsExactly(new FieldDrift("/spec/template/spec/containers/0/image",
                "\"registry.example/shop/web:2.0.0\"", "\"" + IMAGE + "\"", false));
    }

    @Test
    void reportsAnAdHocImageEditWithItsExactFieldPathAndResolvesItWhenReverted() {
        long edited = System.nanoTime();
        setImage("report", "registry.example/shop/web:hotfix");

        DriftDetected detected = drift.awaitDetected(name("report"), "web", d -> d.getKind() == DriftKind.MODIFIED);
        System.out.printf("[drift] image edit detected after %d ms%n", (System.nanoTime() - edited) / 1_000_000);
        assertThat(detected.getCommitSha()).isEqualTo(SHAS.get("report"));
        assertThat(detected.getCorrectionRequested()).isFalse();
        assertThat(detected.getFields()).containsExactly(new FieldDrift("/spec/template/spec/containers/0/image",
                "\"" + IMAGE + "\"", "\"registry.example/shop/web:hotfix\"", false));

        setImage("report", IMAGE);
        assertThat(drift.awaitResolved(name("report"), "web").getKind()).isEqualTo(DriftKind.MODIFIED);
        assertThat(liveImage("report")).as("report-only mode leaves the cluster alone").isEqualTo(IMAGE);
    }

    @Test
    void reportsAnObjectDeletedByHandAsDeleted() {
        new DynamicKubernetesApi("", "v1", "configmaps", kube.apiClient()).delete(ns("report"), "doomed");

        DriftDetected detected = drift.awaitDetected(name("report"), "doomed", d -> true);
        assertThat(detected.getKind()).isEqualTo(DriftKind.DELETED);
        assertThat(detected.getObject().getKind()).isEqualTo("ConfigMap");
        assertThat(detected.getFields()).isEmpty();
    }

    @Test
    void reportsAnObjectWithShiplogLabelsThatIsNotInTheInventoryAsUnmanaged() {
        new ServerSideApplier(kube.apiClient(), "someone").apply("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: stray
                  namespace: %s
                  labels:
                    app.kubernetes.io/managed-by: shiplog
                    shiplog.io/inventory: %s
                data:
                  a: b
                """.formatted(ns("report"), name("report")));

        assertThat(drift.awaitDetected(name("report"), "stray", d -> true).getKind()).isEqualTo(DriftKind.UNMANAGED);
    }

    @Test
    void ignoresReplicasOwnedByTheHpaFieldManagerButStillReportsOtherFields() {
        new ServerSideApplier(kube.apiClient(), "hpa-controller").apply("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: %s
                spec:
                  replicas: 7
                """.formatted(ns("hpa")));
        setImage("hpa", "registry.example/shop/web:hotfix");

        DriftDetected detected = drift.awaitDetected(name("hpa"), "web", d -> d.getFields().stream()
                .anyMatch(f -> f.getPath().endsWith("/image")));
        assertThat(detected.getFields()).extracting(FieldDrift::getPath)
                .containsExactly("/spec/template/spec/containers/0/image");
        assertThat(drift.detected(name("hpa"), "web")).allSatisfy(d -> assertThat(d.getFields())
                .extracting(FieldDrift::getPath).doesNotContain("/spec/replicas"));
    }

    @Test
    void namesTheDriftedKeyOfASecretButNeverItsValue() {
        editingTheSecretByHandIsReportedByKeyWithoutValues("secret");
    }

    /** Edits Secret {@code db} of {@code test}'s cluster by hand: one drift naming the key, no value anywhere. */
    private static void editingTheSecretByHandIsReportedByKeyWithoutValues(String test) {
        String handEncoded = Base64.getEncoder().encodeToString(HAND_SECRET.getBytes(StandardCharsets.UTF_8));
        new ServerSideApplier(kube.apiClient(), "kubectl-edit").apply("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: db
                  namespace: %s
                data:
                  password: %s
                """.formatted(ns(test), handEncoded));

        DriftDetected detected = drift.awaitDetected(name(test), "db", d -> true);
        assertThat(detected.getFields()).containsExactly(new FieldDrift("/data/password", null, null, true));
        String gitEncoded = Base64.getEncoder().encodeToString(GIT_SECRET.getBytes(StandardCharsets.UTF_8));
        assertThat(drift.allText()).doesNotContain(HAND_SECRET, handEncoded, GIT_SECRET, gitEncoded);
    }

    @Test
    void comparesTheLiveSecretWithTheDecryptedSopsFileAndNeverReportsItsValues() {
        var audit = drift.awaitAudit(name("sops"), a -> SHAS.get("sops").equals(a.getCommitSha()));
        assertThat(audit.getObjectsChecked()).isEqualTo(2);
        assertThat(audit.getInSync()).as("the live Secret equals the decrypted file").isEqualTo(2);

        editingTheSecretByHandIsReportedByKeyWithoutValues("sops");
    }

    @Test
    void correctModeHasTheApplierUndoTheEdit() {
        setImage("correct", "registry.example/shop/web:hotfix");

        DriftDetected detected = drift.awaitDetected(name("correct"), "web", d -> true);
        assertThat(detected.getCorrectionRequested()).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> !drift.resyncs(name("correct")).isEmpty());
        applies.awaitCompleted(name("correct"), SHAS.get("correct"), ApplyTrigger.COMMAND);
        assertThat(liveImage("correct")).isEqualTo(IMAGE);
        drift.awaitResolved(name("correct"), "web");

        // a second edit within the cooldown (10 s) of the first correction is corrected once the cooldown ends,
        // not at the next full audit ten minutes later
        setImage("correct", "registry.example/shop/web:hotfix-2");
        await("the second edit corrected").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(drift.resyncs(name("correct"))).hasSize(2);
            assertThat(liveImage("correct")).isEqualTo(IMAGE);
        });
    }

    @Test
    void reportsAClusterWhoseApiServerIsDownWhileTheOthersAreAudited() {
        AuditFailed failed = drift.awaitAuditFailed(name("down"));

        assertThat(failed.getReason()).contains(name("down")).contains("unreachable");
        drift.awaitAudit(name("report"), a -> true);
    }
}
