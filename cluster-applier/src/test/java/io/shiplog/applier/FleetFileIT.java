package io.shiplog.applier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.applier.cluster.ClusterWorkers;
import io.shiplog.applier.support.AppliesLog;
import io.shiplog.applier.support.ConfigRepo;
import io.shiplog.applier.support.Manifests;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.kube.KubeClusters;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import io.shiplog.schemas.testing.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The applier configured by a fleet file alone: its repository and clusters come from {@code shiplog.yaml}, and a
 * cluster added to or removed from the file is applied or left without a restart; a bad edit changes nothing.
 */
class FleetFileIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String ALPHA = "fleet-alpha-" + SUFFIX;
    private static final String BETA = "fleet-beta-" + SUFFIX;
    private static final String NS = "fleet-" + SUFFIX;

    @TempDir
    static Path dir;
    private static KubeClusters clusters;
    private static ConfigRepo repo;
    private static AppliesLog log;
    private static final String API_TOKEN = "fleet-file-api-token-" + UUID.randomUUID();
    private static ConfigurableApplicationContext applier;
    private static Path fleet;

    @BeforeAll
    static void startTheApplierFromAFleetFile() throws Exception {
        clusters = KubeClusters.shared();
        repo = ConfigRepo.create(GitServer.shared(), "fleet-file", TestKafka.events());
        log = new AppliesLog();
        Files.writeString(dir.resolve("git-password"), GitServer.shared().password());
        Files.writeString(dir.resolve("api-token"), API_TOKEN + "\n");
        fleet = dir.resolve("shiplog.yaml");
        writeFleet(ALPHA);
        applier = ClusterApplierApplication.application().run(
                "--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                "--spring.kafka.bootstrap-servers=" + KafkaBroker.shared().bootstrapServers(),
                "--spring.kafka.properties.schema.registry.url=" + SchemaRegistry.shared().url(),
                "--shiplog.applier.tuning.poll-timeout=100ms",
                "--shiplog.fleet.watch-interval=200ms",
                "--config=" + fleet);
    }

    @AfterAll
    static void stop() {
        if (applier != null) {
            applier.close();
        }
        log.close();
    }

    @Test
    void appliesTheFileClustersAndFollowsClustersAddedAndRemovedWithoutARestart() throws Exception {
        String first = repo.push(Map.of("apps/namespace.yaml", Manifests.namespace(NS),
                "apps/config.yaml", Manifests.configMap(NS, "release", "1")));
        log.awaitCompleted(ALPHA, first, ApplyTrigger.COMMIT);

        writeFleet(ALPHA, BETA);
        ApplyCompleted betaFirst = log.awaitCompleted(BETA, first, ApplyTrigger.COMMIT);
        assertThat(betaFirst.getResults()).hasSize(2);

        Files.writeString(fleet, Files.readString(fleet).replace("kubeconfig: ", "kubeconfig: /nowhere/"));
        String second = repo.push(Map.of("apps/config.yaml", Manifests.configMap(NS, "release", "2")));
        log.awaitCompleted(ALPHA, second, ApplyTrigger.COMMIT);
        log.awaitCompleted(BETA, second, ApplyTrigger.COMMIT);
        assertThat(workers().names()).containsExactly(ALPHA, BETA);

        writeFleet(BETA);
        await("alpha stopped").atMost(Duration.ofSeconds(20)).until(() -> workers().names().equals(List.of(BETA)));
        String third = repo.push(Map.of("apps/config.yaml", Manifests.configMap(NS, "release", "3")));
        log.awaitCompleted(BETA, third, ApplyTrigger.COMMIT);
        assertThat(log.completed(ALPHA)).extracting(ApplyCompleted::getCommitSha).doesNotContain(third);
    }

    @Test
    void theApiTakesTheTokenOfTheFleetFile() throws Exception {
        URI clusters = URI.create("http://127.0.0.1:" + applier.getEnvironment().getProperty("local.server.port")
                + "/clusters");
        HttpClient http = HttpClient.newHttpClient();

        assertThat(http.send(HttpRequest.newBuilder(clusters).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(clusters).header("Authorization", "Bearer " + API_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    private static ClusterWorkers workers() {
        return applier.getBean(ClusterWorkers.class);
    }

    private static void writeFleet(String... names) throws Exception {
        StringBuilder text = new StringBuilder("""
                apiVersion: shiplog.io/v1alpha1
                kind: Fleet
                repositories:
                  - name: fleet-file
                    url: %s
                    auth:
                      username: %s
                      password: ${file:git-password}
                api:
                  tokens:
                    - {name: ops, token: "${file:api-token}", role: write}
                clusters:
                """.formatted(repo.url(), GitServer.shared().username()));
        for (String name : names) {
            Path kubeconfig = (name.equals(ALPHA) ? clusters.get(0) : clusters.get(1)).kubeconfigPath();
            text.append("""
                      - name: %s
                        paths: [apps]
                        kubeconfig: %s
                        healthTimeout: 0s
                    """.formatted(name, kubeconfig));
        }
        Path next = dir.resolve("shiplog.yaml.next");
        Files.writeString(next, text);
        Files.move(next, fleet, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
