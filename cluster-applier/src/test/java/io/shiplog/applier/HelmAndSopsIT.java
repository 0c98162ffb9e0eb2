package io.shiplog.applier;

import static io.shiplog.applier.ApplyFlowIT.actions;
import static io.shiplog.applier.ApplyFlowIT.live;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.shiplog.applier.support.AppliesLog;
import io.shiplog.applier.support.ClusterConfig;
import io.shiplog.applier.support.ConfigRepo;
import io.shiplog.applier.support.Manifests;
import io.shiplog.applier.support.RunningApplier;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectResult;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.render.SopsTool;
import io.shiplog.schemas.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Flux-style repository with a HelmRelease of a chart kept in the repository (its values partly from a Secret) and
 * Secrets encrypted by the real sops for an age key, applied by the running applier with the real helm: the chart's
 * objects are applied with the decrypted value, the Flux objects are not, an encrypted Secret lands decrypted, and a
 * release whose chart is missing fails alone, naming itself.
 */
class HelmAndSopsIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String CLUSTER = "helm-" + SUFFIX;
    private static final String NS = "web-" + SUFFIX;
    private static final String PASSWORD = "s3cr3t-" + UUID.randomUUID();
    private static final String TOKEN = "t0ken-" + UUID.randomUUID();

    @TempDir
    static Path dir;
    private static KubeCluster kube;
    private static AppliesLog log;
    private static ConfigRepo repo;
    private static RunningApplier applier;
    private static SopsTool.AgeKey key;

    @BeforeAll
    static void startApplier() throws Exception {
        key = SopsTool.newAgeKey();
        Path keyFile = key.writeTo(dir.resolve("age.agekey"));
        kube = KubeCluster.shared();
        log = new AppliesLog();
        repo = ConfigRepo.create(GitServer.shared(), "helm-sops", TestKafka.events());
        applier = RunningApplier.start(Map.of("fleet", repo.url()),
                List.of(ClusterConfig.of(CLUSTER, "fleet", kube.kubeconfigPath(), "clusters/web")
                        .ageKeyFile(keyFile)));
    }

    @AfterAll
    static void stopApplier() {
        applier.close();
        log.close();
    }

    @Test
    void appliesAHelmReleaseWithValuesFromAnEncryptedSecretAndABrokenReleaseFailsAlone() throws Exception {
        Map<String, String> files = new HashMap<>();
        files.put("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n");
        files.put("charts/web/values.yaml", "greeting: hello\npassword: none\n");
        files.put("charts/web/templates/configmap.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{ .Release.Name }}-settings
                data:
                  greeting: {{ .Values.greeting | quote }}
                  password: {{ .Values.password | quote }}
                """);
        files.put("clusters/web/namespace.yaml", Manifests.namespace(NS));
        files.put("clusters/web/source.yaml", """
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: GitRepository
                metadata:
                  name: fleet
                  namespace: flux-system
                spec:
                  interval: 1m
                  url: %s
                  ref:
                    branch: main
                """.formatted(repo.url()));
        files.put("clusters/web/release.yaml", """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata:
                  name: web
                  namespace: %s
                spec:
                  interval: 10m
                  releaseName: web
                  chart:
                    spec:
                      chart: ./charts/web
                      sourceRef:
                        kind: GitRepository
                        name: fleet
                        namespace: flux-system
                  values:
                    greeting: hi
                  valuesFrom:
                  - kind: Secret
                    name: web-values
                    valuesKey: password
                    targetPath: password
                """.formatted(NS));
        files.put("clusters/web/broken.yaml", """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata:
                  name: broken
                  namespace: %s
                spec:
                  interval: 10m
                  chart:
                    spec:
                      chart: ./charts/missing
                      sourceRef:
                        kind: GitRepository
                        name: fleet
                        namespace: flux-system
                """.formatted(NS));
        // sops' defaults encrypt every value, apiVersion, kind and name included
        files.put("clusters/web/web-values.yaml", encrypt("web-values.yaml", """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: web-values
                  namespace: %s
                stringData:
                  password: %s
                """.formatted(NS, PASSWORD)));
        files.put("clusters/web/api-token.yaml", encrypt("api-token.yaml", """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: api-token
                  namespace: %s
                data:
                  token: %s
                """.formatted(NS, Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8))),
                "--encrypted-regex", "^(data|stringData)$"));
        String commit = repo.push(files);
        ApplyCompleted applied = log.awaitCompleted(CLUSTER, commit, ApplyTrigger.COMMIT);

        assertThat(actions(applied)).containsEntry("ConfigMap " + NS + "/web-settings", ObjectAction.CREATED)
                .containsEntry("Secret " + NS + "/web-values", ObjectAction.CREATED)
                .containsEntry("Secret " + NS + "/api-token", ObjectAction.CREATED)
                .doesNotContainKeys("HelmRelease " + NS + "/web", "GitRepository flux-system/fleet");
        Map<String, String> failed = applied.getResults().stream().filter(r -> r.getAction() == ObjectAction.FAILED)
                .collect(Collectors.toMap(ObjectResult::getSourcePath, ObjectResult::getMessage));
        assertThat(failed).containsOnlyKeys("clusters/web/broken.yaml");
        assertThat(failed.get("clusters/web/broken.yaml")).contains("HelmRelease " + NS + "/broken")
                .contains("charts/missing");

        JsonObject settings = live(kube, "v1", "ConfigMap", NS, "web-settings").orElseThrow().getRaw()
                .getAsJsonObject("data");
        assertThat(settings.get("greeting").getAsString()).isEqualTo("hi");
        assertThat(settings.get("password").getAsString()).isEqualTo(PASSWORD);
        JsonObject token = live(kube, "v1", "Secret", NS, "api-token").orElseThrow().getRaw()
                .getAsJsonObject("data");
        assertThat(new String(Base64.getDecoder().decode(token.get("token").getAsString()), StandardCharsets.UTF_8))
                .isEqualTo(TOKEN);
        assertThat(applied.toString()).doesNotContain(PASSWORD).doesNotContain(TOKEN);
    }

    private static String encrypt(String name, String yaml, String... options) {
        return SopsTool.encryptYaml(yaml, key, options);
    }
}
