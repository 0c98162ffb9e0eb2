package io.shiplog.dev.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shiplog.cluster.kube.KubeResource;
import io.shiplog.cluster.kube.KubeResponse;
import io.shiplog.cluster.kube.KubernetesHandler;
import io.shiplog.fleet.FleetLoad;
import io.shiplog.fleet.read.FleetLoader;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.kube.ServerSideApplier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/kubernetes/base on a real API server with RBAC and admission: the whole base applies server-side, and each
 * service account, impersonated, may do what its service does and nothing it must not.
 */
class KubernetesInstallIT {

    private static final Path BASE = Path.of("..", "deploy", "kubernetes", "base");
    private static final KubeResource DEPLOYMENTS = new KubeResource("apps", "v1", "Deployment", "deployments", true);
    private static final KubeResource CONFIG_MAPS = new KubeResource("", "v1", "ConfigMap", "configmaps", true);
    private static final KubeResource SECRETS = new KubeResource("", "v1", "Secret", "secrets", true);
    private static final KubeResource NAMESPACES = new KubeResource("", "v1", "Namespace", "namespaces", false);

    private static KubeCluster cluster;

    @BeforeAll
    static void installTheBase() throws Exception {
        cluster = KubeCluster.start("install");
        ServerSideApplier admin = new ServerSideApplier(cluster.apiClient(), "install-it");
        for (String file : resources()) {
            admin.apply(Files.readString(BASE.resolve(file)));
        }
        admin.apply("""
                apiVersion: v1
                kind: Secret
                metadata: {name: db-password, namespace: kube-system}
                stringData: {password: not-for-shiplog}
                """);
        // an admission policy is enforced once the API server has loaded it, a moment after it was created (as
        // after `kubectl apply`): wait for that, on an object of its own
        KubernetesHandler root = new KubernetesHandler("install", cluster.apiClient(), new SimpleMeterRegistry());
        root.apply(DEPLOYMENTS, "apps", "policy-probe", deployment("apps", "policy-probe"), false);
        await().atMost(Duration.ofSeconds(30)).until(() -> as("drift-auditor")
                .apply(DEPLOYMENTS, "apps", "policy-probe", deployment("apps", "policy-probe"), false).code() == 403);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @SuppressWarnings("unchecked")
    private static List<String> resources() throws Exception {
        Map<String, Object> kustomization = new Yaml().load(Files.readString(BASE.resolve("kustomization.yaml")));
        return (List<String>) kustomization.get("resources");
    }

    @Test
    void theKustomizationListsEveryManifestOfTheBase() throws Exception {
        try (Stream<Path> files = Files.list(BASE)) {
            TreeSet<String> manifests = new TreeSet<>(files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).toList());
            assertThat(resources()).containsExactlyInAnyOrderElementsOf(manifests);
        }
    }

    @Test
    void theApplierWritesInItsNamespacesAndItsInventoryButNowhereElse() {
        KubernetesHandler applier = as("cluster-applier");

        assertThat(applier.apply(DEPLOYMENTS, "apps", "web", deployment("apps", "web"), false).isSuccess()).isTrue();
        assertThat(applier.get(DEPLOYMENTS, "apps", "web").code()).isEqualTo(200);
        assertThat(applier.apply(CONFIG_MAPS, "shiplog-system", "shiplog-inventory-it",
                configMap("shiplog-system", "shiplog-inventory-it"), false).isSuccess()).isTrue();
        assertThat(applier.apply(DEPLOYMENTS, "kube-system", "web", deployment("kube-system", "web"), false).code())
                .isEqualTo(403);
        assertThat(applier.get(SECRETS, "kube-system", "db-password").code()).isEqualTo(403);
        assertThat(applier.apply(NAMESPACES, null, "elsewhere", namespace("elsewhere"), false).code())
                .as("cluster-scoped objects need a binding of the user's own").isEqualTo(403);
    }

    @Test
    void theAuditorReadsAndDryRunsButCannotWrite() {
        as("cluster-applier").apply(DEPLOYMENTS, "apps", "audited", deployment("apps", "audited"), false);
        KubernetesHandler auditor = as("drift-auditor");

        assertThat(auditor.list(DEPLOYMENTS, "apps", "app.kubernetes.io/managed-by=shiplog")).isPresent();
        assertThat(auditor.list(DEPLOYMENTS, null, "app.kubernetes.io/managed-by=shiplog"))
                .as("every namespace at once: why its audit lists each allowed namespace").isEmpty();
        assertThat(auditor.get(CONFIG_MAPS, "shiplog-system", "missing").code()).isEqualTo(404);
        assertThat(auditor.apply(DEPLOYMENTS, "apps", "audited", deployment("apps", "audited"), true).isSuccess())
                .as("a dry-run").isTrue();
        KubeResponse write = auditor.apply(DEPLOYMENTS, "apps", "audited", deployment("apps", "audited"), false);
        assertThat(write.code()).isEqualTo(403);
        assertThat(write.message()).contains("only dry-runs");
        assertThat(auditor.list(DEPLOYMENTS, "kube-system", null)).isEmpty();
        assertThat(auditor.get(SECRETS, "kube-system", "db-password").code()).isEqualTo(403);
    }

    @Test
    void theScannerAndGitWriterHaveNoKubernetesAccess() {
        for (String service : List.of("registry-scanner", "git-writer")) {
            KubernetesHandler handler = as(service);
            assertThat(handler.list(CONFIG_MAPS, "shiplog", null)).as(service).isEmpty();
            assertThat(handler.list(DEPLOYMENTS, "apps", null)).as(service).isEmpty();
        }
    }

    @Test
    void theFleetFileInTheConfigMapIsValidAndEveryServiceReadsIt(@TempDir Path dir) throws Exception {
        Map<String, Object> configMap = new Yaml().load(Files.readString(BASE.resolve("fleet-configmap.yaml")));
        @SuppressWarnings("unchecked")
        String fleet = ((Map<String, String>) configMap.get("data")).get("shiplog.yaml");
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        for (String name : List.of("ghcr-token", "git-token", "registry-webhook-token", "audit-token")) {
            Files.writeString(secrets.resolve(name), "secret-value-of-at-least-16-characters");
        }
        Path file = dir.resolve("shiplog.yaml");
        Files.writeString(file, fleet.replace("/etc/shiplog/secrets/", secrets + "/"));

        FleetLoad load = FleetLoader.defaults().withEnvironment(name -> null).load(file);

        assertThat(load.problems()).isEmpty();
        String deployments = Files.readString(BASE.resolve("deployments.yaml"));
        assertThat(deployments.split("value: /etc/shiplog/fleet/shiplog.yaml", -1)).hasSize(5);
        assertThat(deployments.split("mountPath: /etc/shiplog/fleet,", -1)).hasSize(5);
    }

    private static KubernetesHandler as(String serviceAccount) {
        ApiClient client = cluster.newApiClient();
        client.addDefaultHeader("Impersonate-User", "system:serviceaccount:shiplog:" + serviceAccount);
        return new KubernetesHandler("install", client, new SimpleMeterRegistry());
    }

    private static JsonObject deployment(String namespace, String name) {
        return JsonParser.parseString("""
                {"apiVersion": "apps/v1", "kind": "Deployment",
                 "metadata": {"name": "%1$s", "namespace": "%2$s", "labels": {"app.kubernetes.io/managed-by": "shiplog"}},
                 "spec": {"selector": {"matchLabels": {"app": "%1$s"}},
                          "template": {"metadata": {"labels": {"app": "%1$s"}},
                                       "spec": {"containers": [{"name": "app", "image": "registry.local/web:1"}]}}}}
                """.formatted(name, namespace)).getAsJsonObject();
    }

    private static JsonObject configMap(String namespace, String name) {
        return JsonParser.parseString("""
                {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "%s", "namespace": "%s"},
                 "data": {"objects": ""}}
                """.formatted(name, namespace)).getAsJsonObject();
    }

    private static JsonObject namespace(String name) {
        return JsonParser.parseString("""
                {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "%s"}}
                """.formatted(name)).getAsJsonObject();
    }
}
