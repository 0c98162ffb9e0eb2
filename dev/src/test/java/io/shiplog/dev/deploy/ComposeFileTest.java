package io.shiplog.dev.deploy;

import static io.shiplog.dev.deploy.DeployFiles.FLEET_PATH;
import static io.shiplog.dev.deploy.DeployFiles.ROOT;
import static io.shiplog.dev.deploy.DeployFiles.composeService;
import static io.shiplog.dev.deploy.DeployFiles.load;
import static io.shiplog.dev.deploy.DeployFiles.projectVersion;
import static io.shiplog.dev.deploy.DeployFiles.serverPort;
import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.dev.services.Service;
import io.shiplog.fleet.Fleet;
import io.shiplog.fleet.FleetLoad;
import io.shiplog.fleet.read.FleetLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * docker-compose.yml cannot run here (no container runtime), so it is checked against the build and the services'
 * own configuration: images and ports, the fleet file each service mounts (loaded with every service's checks, in
 * both variants), Kafka and schema registry addresses, and the registry's notifications to the scanner's webhook.
 */
class ComposeFileTest {


    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service) {
        return (Map<String, String>) service.get("environment");
    }

    @SuppressWarnings("unchecked")
    private static List<String> volumes(Map<String, Object> service) {
        return (List<String>) service.get("volumes");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyServiceRunsItsImageOfThisBuildOnItsOwnPortAndWaitsForKafka() throws Exception {
        for (Service service : Service.all()) {
            Map<String, Object> compose = composeService(service.name());
            int port = serverPort(service);

            assertThat(compose.get("image")).as(service.name())
                    .isEqualTo("shiplog/" + service.name() + ":" + projectVersion());
            assertThat((List<String>) compose.get("ports")).as(service.name()).contains(port + ":" + port);
            assertThat(String.valueOf(((Map<String, Object>) compose.get("healthcheck")).get("test")))
                    .as(service.name()).contains("http://localhost:" + port + "/actuator/health/readiness");
            Map<String, Map<String, Object>> dependsOn = (Map<String, Map<String, Object>>) compose.get("depends_on");
            assertThat(dependsOn.get("kafka")).containsEntry("condition", "service_healthy");
            assertThat(dependsOn.get("schema-registry")).containsEntry("condition", "service_healthy");
            assertThat(environment(compose)).containsEntry("SHIPLOG_CONFIG", FLEET_PATH);
        }
    }

    @Test
    void everyServiceLoadsTheFleetFileItMountsInBothVariants(@TempDir Path dir) throws Exception {
        Path kube = Files.createDirectories(dir.resolve("kube"));
        Files.writeString(kube.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: k3s, cluster: {server: "https://k3s:6443"}}]
                users: [{name: admin, user: {token: t}}]
                contexts: [{name: default, context: {cluster: k3s, user: admin}}]
                current-context: default
                """);
        for (String variant : List.of("shiplog.yaml", "shiplog-k3s.yaml")) {
            for (Service service : Service.all()) {
                List<String> volumes = volumes(composeService(service.name()));
                Path fleet = hostPath(volumes, FLEET_PATH, variant).orElseThrow();
                Path secrets = hostPath(volumes, "/etc/shiplog/secrets", variant).orElseThrow();
                assertThat(volumes).as(service.name()).contains("kube:/etc/shiplog/kube:ro");
                Path copy = dir.resolve(service.name() + "-" + variant);
                Files.writeString(copy, Files.readString(fleet)
                        .replace("/etc/shiplog/secrets/", secrets.toAbsolutePath() + "/")
                        .replace("/etc/shiplog/kube/", kube + "/"));

                FleetLoad load = FleetLoader.defaults().withEnvironment(name -> null).load(copy);

                assertThat(load.problems()).as(service.name() + " with " + variant).isEmpty();
                Fleet loaded = ((FleetLoad.Valid) load).fleet();
                assertThat(loaded.clusters()).hasSize(variant.equals("shiplog.yaml") ? 0 : 1);
            }
        }
    }

    /** The host file or directory that {@code volumes} mounts at {@code containerPath}. */
    private static Optional<Path> hostPath(List<String> volumes, String containerPath, String fleetVariant) {
        for (String volume : volumes) {
            String[] parts = volume.replace("${SHIPLOG_FLEET:-shiplog.yaml}", fleetVariant).split(":");
            if (parts[1].equals(containerPath) && parts[0].startsWith("./")) {
                Path host = ROOT.resolve(parts[0].substring(2));
                assertThat(host).as(volume).exists();
                return Optional.of(host);
            }
        }
        return Optional.empty();
    }

    @Test
    void theFleetFilesNameTheComposeKafkaAndSchemaRegistry() throws Exception {
        Map<String, String> kafka = environment(composeService("kafka"));
        Map<String, String> registry = environment(composeService("schema-registry"));
        for (String variant : List.of("shiplog.yaml", "shiplog-k3s.yaml")) {
            Map<String, Object> fleet = load(ROOT.resolve("deploy/compose").resolve(variant));
            @SuppressWarnings("unchecked")
            Map<String, String> kafkaSection = (Map<String, String>) fleet.get("kafka");
            assertThat("PLAINTEXT://" + kafkaSection.get("bootstrapServers"))
                    .isEqualTo(kafka.get("KAFKA_ADVERTISED_LISTENERS"));
            assertThat(registry.get("SCHEMA_REGISTRY_LISTENERS").replace("0.0.0.0", "schema-registry"))
                    .isEqualTo(kafkaSection.get("schemaRegistry"));
            assertThat(registry.get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS"))
                    .isEqualTo(kafka.get("KAFKA_ADVERTISED_LISTENERS"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRegistryNotifiesTheScannersWebhookWithTheTokenTheScannerChecks() throws Exception {
        assertThat(volumes(composeService("registry")))
                .contains("./deploy/compose/registry.yml:/etc/docker/registry/config.yml:ro");
        Map<String, Object> config = load(ROOT.resolve("deploy/compose/registry.yml"));
        Map<String, Object> endpoint = ((List<Map<String, Object>>) ((Map<String, Object>) config.get("notifications"))
                .get("endpoints")).get(0);
        String path = Arrays.stream(Class.forName("io.shiplog.scanner.webhook.WebhookController").getMethods())
                .map(m -> m.getAnnotation(PostMapping.class)).filter(a -> a != null)
                .flatMap(a -> Arrays.stream(a.value())).findFirst().orElseThrow();

        assertThat(endpoint.get("url")).isEqualTo("http://registry-scanner:" + serverPort(Service.REGISTRY_SCANNER)
                + path);
        String token = Files.readString(ROOT.resolve("deploy/compose/secrets/registry-webhook-token")).strip();
        assertThat((Map<String, List<String>>) endpoint.get("headers"))
                .containsEntry("Authorization", List.of("Bearer " + token));
        assertThat((Map<String, List<String>>) endpoint.get("ignore")).containsEntry("actions", List.of("pull"));
        Map<String, Object> fleet = load(ROOT.resolve("deploy/compose/shiplog.yaml"));
        assertThat(String.valueOf(fleet.get("webhooks"))).contains("/etc/shiplog/secrets/registry-webhook-token");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theK3sProfileWritesTheKubeconfigTheServicesMount() throws Exception {
        Map<String, Object> writer = composeService("k3s-kubeconfig");
        assertThat((List<String>) writer.get("profiles")).containsExactly("k3s");
        assertThat(volumes(writer)).contains("kube:/kube");
        assertThat(String.valueOf(writer.get("entrypoint"))).contains("> /kube/kubeconfig");
        assertThat(Files.readString(ROOT.resolve("deploy/compose/shiplog-k3s.yaml")))
                .contains("kubeconfig: /etc/shiplog/kube/kubeconfig");
        for (Service service : Service.all()) {
            Map<String, Map<String, Object>> dependsOn =
                    (Map<String, Map<String, Object>>) composeService(service.name()).get("depends_on");
            assertThat(dependsOn.get("k3s-kubeconfig")).as(service.name())
                    .containsEntry("condition", "service_completed_successfully").containsEntry("required", false);
        }
    }
}
