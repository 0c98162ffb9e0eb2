package io.shiplog.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.fleet.read.FleetLoader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleFleetTest {

    @TempDir
    Path dir;

    private Fleet load() throws Exception {
        // the tuning sections belong to the services, which check them (the cli's ExampleConfigCheckTest)
        FleetLoad load = FleetLoader.defaults().withEnvironment(TestFleets.ENVIRONMENT::get)
                .withTuningSections(List.of()).load(TestFleets.example(dir));
        assertThat(load.problems()).isEmpty();
        return load.orThrow();
    }

    @Test
    void theExampleLoadsWithoutProblems() throws Exception {
        Fleet fleet = load();
        assertThat(fleet.summary()).isEqualTo("2 registries, 2 repositories, 3 clusters");
        assertThat(fleet.kafka()).get().satisfies(kafka -> {
            assertThat(kafka.bootstrapServers()).isEqualTo("kafka-0.kafka:9092,kafka-1.kafka:9092,kafka-2.kafka:9092");
            assertThat(kafka.schemaRegistry()).contains(URI.create("http://schema-registry.kafka:8081"));
            assertThat(kafka.properties()).containsEntry("security.protocol", "SASL_SSL")
                    .doesNotContainKey("sasl.jaas.config");
            assertThat(kafka.secretProperties().get("sasl.jaas.config").reveal())
                    .isEqualTo(TestFleets.SECRET_FILES.get("kafka/jaas.conf"));
        });
    }

    @Test
    void registriesHaveDefaultsAndCredentials() throws Exception {
        Fleet fleet = load();
        RegistrySpec ghcr = fleet.registryOf("ghcr.io/acme/app").orElseThrow();
        assertThat(ghcr.url()).isEqualTo(URI.create("https://ghcr.io"));
        assertThat(ghcr.username()).contains("acme-bot");
        assertThat(ghcr.password().orElseThrow().reveal()).isEqualTo("ghp_ghcrS3cr3tT0ken");
        assertThat(ghcr.password().orElseThrow().reference()).isEqualTo("${file:" + dir + "/registry/ghcr-token}");
        RegistrySpec internal = fleet.registry("REGISTRY.acme.internal:5000").orElseThrow();
        assertThat(internal.pageSize()).isEqualTo(RegistrySpec.DEFAULT_PAGE_SIZE);
        assertThat(internal.concurrency()).isEqualTo(16);
        assertThat(internal.dockerConfig()).contains(dir.resolve("registry/docker-config.json"));
        assertThat(fleet.registryOf("nginx")).isEmpty();
        assertThat(fleet.images()).singleElement().satisfies(image -> {
            assertThat(image.trackedTags()).containsExactly("latest", "21");
            assertThat(image.interval()).contains(Duration.ofMinutes(5));
        });
    }

    @Test
    void clustersReferToRepositoriesByName() throws Exception {
        Fleet fleet = load();
        ClusterSpec prodEu = fleet.cluster("prod-eu").orElseThrow();
        assertThat(fleet.clusterRepository(prodEu).url()).isEqualTo("https://git.acme.internal/platform/fleet.git");
        assertThat(prodEu.connection()).isEqualTo(new ClusterConnection.Kubeconfig(dir.resolve("kube/prod-eu"),
                java.util.Optional.of("prod-eu")));
        assertThat(prodEu.impersonate()).contains("system:serviceaccount:shiplog:deployer");
        assertThat(prodEu.drift().mode()).isEqualTo(DriftSpec.Mode.CORRECT);
        assertThat(prodEu.drift().ignore().get(0).matches("apps", "Deployment", "shop", "web-frontend")).isTrue();
        assertThat(prodEu.drift().ignore().get(0).matches("apps", "Deployment", "shop", "api")).isFalse();
        assertThat(prodEu.healthTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(prodEu.allowsNamespace("shop")).isTrue();
        assertThat(prodEu.allowsNamespace("kube-system")).isFalse();
        assertThat(prodEu.decryption()).contains(new DecryptionSpec(java.util.Optional.of(dir.resolve("sops/age.txt")),
                java.util.Optional.of(new DecryptionSpec.SecretRef("flux-system", "sops-age"))));
        assertThat(fleet.cluster("prod-us").orElseThrow().decryption()).isEmpty();

        ClusterSpec ops = fleet.cluster("ops").orElseThrow();
        assertThat(ops.connection()).isInstanceOf(ClusterConnection.InCluster.class);
        assertThat(ops.drift().mode()).isEqualTo(DriftSpec.Mode.OFF);
        assertThat(ops.defaultNamespace()).isEqualTo("default");
        assertThat(ops.resync()).isEqualTo(Duration.ofMinutes(10));
        assertThat(fleet.clustersOf("fleet")).extracting(ClusterSpec::name).containsExactly("prod-eu", "prod-us");

        RepositorySpec addons = fleet.repository("addons").orElseThrow();
        assertThat(addons.isSsh()).isTrue();
        assertThat(addons.branch()).isEqualTo("main");
        assertThat(addons.fetchInterval()).isEqualTo(Duration.ofMinutes(2));
        RepositorySpec repo = fleet.repository("fleet").orElseThrow();
        assertThat(repo.pushBranch()).isEmpty();
        assertThat(repo.commit().orElseThrow().signingFormat()).isEqualTo(RepositorySpec.SigningFormat.SSH);
        assertThat(repo.webhook().orElseThrow().secret().orElseThrow().reveal()).isEqualTo("git-webhook-s3cr3t");
    }

    @Test
    void apiTokensHaveRolesAndTheServicesAnAddress() throws Exception {
        Fleet fleet = load();
        assertThat(fleet.api().address()).contains("0.0.0.0");
        assertThat(fleet.api().tokens()).extracting(ApiSpec.Token::name, ApiSpec.Token::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("operators", ApiSpec.Role.WRITE),
                        org.assertj.core.groups.Tuple.tuple("dashboards", ApiSpec.Role.READ));
        assertThat(fleet.api().tokens().get(0).token().reveal())
                .isEqualTo(TestFleets.SECRET_FILES.get("api/operators-token"));
        assertThat(fleet.api().tokens().get(1).token().reference()).isEqualTo("${env:SHIPLOG_READ_TOKEN}");
        assertThat(fleet.api().toString()).doesNotContain(TestFleets.SECRET_FILES.get("api/operators-token"));
    }

    @Test
    void listsAreUnmodifiable() throws Exception {
        Fleet fleet = load();
        List<ClusterSpec> clusters = fleet.clusters();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> clusters.add(clusters.get(0)))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fleet.tuning().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void loadingTwiceGivesEqualFleets() throws Exception {
        assertThat(load()).isEqualTo(load());
    }

    @Test
    void notificationsNameTheirTargetsByReference() throws Exception {
        NotificationsSpec notifications = load().notifications();
        assertThat(notifications.webBaseUrl()).contains("https://shiplog.acme.internal");
        assertThat(notifications.targets()).extracting(NotificationsSpec.Target::type)
                .containsExactly("slack", "teams", "webhook", "cloudevents");
        assertThat(notifications.targets().get(0).url().reference()).isEqualTo("${env:SLACK_WEBHOOK_URL}");
        assertThat(notifications.targets().get(2).secret()).get().extracting(Secret::reveal)
                .isEqualTo(TestFleets.ENVIRONMENT.get("AUDIT_WEBHOOK_SECRET"));
        assertThat(notifications.rules()).hasSize(3);
        assertThat(notifications.rules().get(1).minSeverity()).contains("warning");
    }
}
