package io.shiplog.local.kube;

import io.shiplog.local.junit.KubeClusterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.Config;
import io.kubernetes.client.util.KubeConfig;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.io.IOException;
import java.io.Reader;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KubeClusterExtension.class)
class KubeClusterIT {

    private static final String WIDGET_CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.testkit.shiplog.io
            spec:
              group: testkit.shiplog.io
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          cluster: {type: string}
                          size: {type: integer}
            """;

    @Test
    void appliesConfigMapCrdAndCustomResourceToEachOfTwoClustersSharingOneEtcd(KubeClusters clusters)
            throws ApiException {
        KubeCluster first = clusters.get(0);
        KubeCluster second = clusters.get(1);
        assertThat(first.etcdUrl()).isEqualTo(second.etcdUrl());

        for (KubeCluster cluster : List.of(first, second)) {
            cluster.applier().apply(configMap("it-settings", cluster.name()));
            List<DynamicKubernetesObject> applied = cluster.applier().apply(WIDGET_CRD + "---\n" + """
                    apiVersion: testkit.shiplog.io/v1
                    kind: Widget
                    metadata:
                      name: it-widget
                      namespace: default
                    spec:
                      cluster: %s
                      size: 3
                    """.formatted(cluster.name()));
            assertThat(applied).extracting(DynamicKubernetesObject::getKind)
                    .containsExactly("CustomResourceDefinition", "Widget");
        }

        for (KubeCluster cluster : List.of(first, second)) {
            V1ConfigMap settings = new CoreV1Api(cluster.apiClient())
                    .readNamespacedConfigMap("it-settings", "default").execute();
            assertThat(settings.getData()).containsEntry("cluster", cluster.name()).containsEntry("since", "2024-01-01");
            JsonObject widgetSpec = cluster.applier().get("testkit.shiplog.io/v1", "Widget", "default", "it-widget")
                    .orElseThrow().getRaw().getAsJsonObject("spec");
            assertThat(widgetSpec.get("cluster").getAsString()).isEqualTo(cluster.name());
            assertThat(widgetSpec.get("size").getAsInt()).isEqualTo(3);
        }
    }

    @Test
    void clustersDoNotSeeEachOthersObjects(KubeClusters clusters) throws ApiException {
        KubeCluster first = clusters.get(0);
        KubeCluster second = clusters.get(1);
        first.applier().apply(configMap("it-only-in-first", first.name()) + "---\n" + """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: gadgets.isolation.testkit.shiplog.io
                spec:
                  group: isolation.testkit.shiplog.io
                  scope: Cluster
                  names: {plural: gadgets, singular: gadget, kind: Gadget}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
                """);

        assertThat(first.applier().get("v1", "ConfigMap", "default", "it-only-in-first")).isPresent();
        assertThat(second.applier().get("v1", "ConfigMap", "default", "it-only-in-first")).isEmpty();
        assertThat(first.applier().resolve("isolation.testkit.shiplog.io/v1", "Gadget").plural())
                .isEqualTo("gadgets");
        assertThatThrownBy(() -> second.applier().resolve("isolation.testkit.shiplog.io/v1", "Gadget"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Gadget");
        assertThat(new CoreV1Api(second.apiClient()).listNamespacedConfigMap("default").execute().getItems())
                .extracting(cm -> cm.getMetadata().getName())
                .doesNotContain("it-only-in-first");
    }

    @Test
    void reappliesAnObjectReadBackFromTheServerWithoutChangingIt(KubeCluster cluster) {
        DynamicKubernetesObject created = cluster.applier().apply(configMap("it-reapplied", "x")).get(0);
        DynamicKubernetesObject readBack = cluster.applier().get("v1", "ConfigMap", "default", "it-reapplied")
                .orElseThrow();
        assertThat(readBack.getRaw().getAsJsonObject("metadata").has("managedFields")).isTrue();

        DynamicKubernetesObject reapplied = cluster.applier().apply(readBack.getRaw().toString()).get(0);

        assertThat(reapplied.getMetadata().getResourceVersion())
                .isEqualTo(created.getMetadata().getResourceVersion());
    }

    @Test
    void kubeconfigFileGivesAWorkingClient(KubeCluster cluster) throws IOException, ApiException {
        try (Reader reader = Files.newBufferedReader(cluster.kubeconfigPath(), StandardCharsets.UTF_8)) {
            KubeConfig kubeconfig = KubeConfig.loadKubeConfig(reader);
            assertThat(kubeconfig.getCurrentContext()).isEqualTo(cluster.name());
            assertThat(kubeconfig.getServer()).isEqualTo(cluster.serverUrl().toString());
        }

        ApiClient client = Config.fromConfig(cluster.kubeconfigPath().toString());

        assertThat(client.isVerifyingSsl()).isTrue();
        assertThat(new CoreV1Api(client).listNamespace().execute().getItems())
                .extracting(V1Namespace::getMetadata).extracting(meta -> meta.getName())
                .contains("default", "kube-system");
    }

    @Test
    void refusesAWrongTokenWith401(KubeCluster cluster) {
        ApiClient wrongToken = new ClientBuilder()
                .setBasePath(cluster.serverUrl().toString())
                .setCertificateAuthority(cluster.caCertificatePem().getBytes(StandardCharsets.US_ASCII))
                .setAuthentication(new AccessTokenAuthentication("not-the-admin-token"))
                .build();

        assertThatThrownBy(() -> new CoreV1Api(wrongToken).listNamespace().execute())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(401));
    }

    @Test
    void refusesAServerWhoseCertificateTheClientDoesNotTrust(List<KubeCluster> clusters) {
        KubeCluster target = clusters.get(0);
        ApiClient trustsAnotherCluster = new ClientBuilder()
                .setBasePath(target.serverUrl().toString())
                .setCertificateAuthority(clusters.get(1).caCertificatePem().getBytes(StandardCharsets.US_ASCII))
                .setAuthentication(new AccessTokenAuthentication(target.adminToken()))
                .build();

        assertThatThrownBy(() -> new CoreV1Api(trustsAnotherCluster).listNamespace().execute())
                .isInstanceOf(ApiException.class)
                .hasCauseInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void closingStopsTheProcessesAndRemovesScratchFilesEtcdLastOfAll() throws ApiException {
        List<KubeCluster> pair = KubeCluster.startMany("it-one", "it-two");
        KubeCluster one = pair.get(0);
        KubeCluster two = pair.get(1);
        Path oneDir = one.scratchDir();
        Path twoDir = two.scratchDir();
        assertThat(one.etcdUrl()).isEqualTo(two.etcdUrl());

        one.close();

        assertThat(one.isRunning()).isFalse();
        assertThat(oneDir).doesNotExist();
        assertThat(new CoreV1Api(two.apiClient()).listNamespace().execute().getItems()).isNotEmpty();
        assertThat(accepts(two.etcdUrl().getPort())).isTrue();

        two.close();

        assertThat(two.isRunning()).isFalse();
        assertThat(twoDir).doesNotExist();
        assertThat(accepts(two.etcdUrl().getPort())).isFalse();
    }

    @Test
    void showsTheApiServerLogWhenItExitsDuringStartUpAndLeavesNothingBehind(@TempDir Path dir) throws IOException {
        Files.createSymbolicLink(dir.resolve("etcd"), EnvtestBinaries.locate().etcd());
        Path fakeApiServer = dir.resolve("kube-apiserver");
        Files.writeString(fakeApiServer, "#!/bin/sh\necho 'Error: unknown flag: --etcd-servers' >&2\nexit 2\n");
        Files.setPosixFilePermissions(fakeApiServer, PosixFilePermissions.fromString("rwxr-xr-x"));
        EnvtestBinaries broken = new EnvtestBinaries(dir);
        Etcd etcd = Etcd.start(broken);
        try {
            assertThatThrownBy(() -> KubeCluster.startOn(broken, etcd, "it-broken", false))
                    .hasMessageContaining("exited with code 2")
                    .hasMessageContaining("Error: unknown flag: --etcd-servers");

            assertThat(scratchDirsNamed("shiplog-kube-it-broken-")).isEmpty();
            assertThat(etcd.isRunning()).isTrue();
        } finally {
            etcd.release();
        }
        assertThat(etcd.isRunning()).isFalse();
    }

    private static List<Path> scratchDirsNamed(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("cannot probe port " + port, e);
        }
    }

    private static String configMap(String name, String cluster) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                data:
                  cluster: %s
                  since: 2024-01-01
                """.formatted(name, cluster);
    }
}
