package io.shiplog.fleet.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.fleet.Fleet;
import io.shiplog.fleet.TestFleets;
import io.shiplog.fleet.read.FleetFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

class ServicePartsTest {

    @TempDir
    Path dir;

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(FleetAutoConfiguration.class)
    static class App {
    }

    /** The shape of the services' cluster lists, enough to see what they bind. */
    record Cluster(String name, String repository, String branch, List<String> paths, Path kubeconfig,
                   String context, boolean inCluster, String mode) {
    }

    record Clusters(@DefaultValue List<Cluster> clusters, @DefaultValue List<Repository> repositories) {
    }

    record Repository(String name, String url, String username, String password) {
    }

    private Path fleet(String... clusters) throws Exception {
        TestFleets.write(dir.resolve("git-password"), "g1t-s3cr3t\n");
        TestFleets.write(dir.resolve("kube/prod"), TestFleets.kubeconfig("prod", "prod"));
        StringBuilder text = new StringBuilder("""
                apiVersion: shiplog.io/v1alpha1
                kind: Fleet
                repositories:
                  - name: fleet
                    url: https://git.example.com/platform/fleet.git
                    branch: release
                    auth:
                      username: bot
                      password: ${file:git-password}
                clusters:
                """);
        for (String cluster : clusters) {
            text.append(cluster);
        }
        return TestFleets.write(dir.resolve("shiplog.yaml"), text.toString());
    }

    private static final String PROD = """
              - name: prod
                paths: [clusters/prod, apps]
                kubeconfig: kube/prod
                context: prod
                drift: {mode: correct}
            """;
    private static final String LAB = """
              - name: lab
                paths: [clusters/lab]
                inCluster: true
                drift: {mode: "off"}
            """;

    @Test
    void theApplierAndTheAuditorAreToldWhereAClustersAgeKeysAre() throws Exception {
        TestFleets.write(dir.resolve("age.txt"), "AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSX7SLNF\n");
        Fleet fleet = FleetFile.load(fleet(PROD.replace("drift: {mode: correct}",
                "decryption: {keyFile: age.txt, secret: flux-system/sops-age}"), LAB)).orThrow();
        Map<String, Object> plain = FleetPropertySources.plain(fleet);

        for (String service : List.of("applier", "drift")) {
            assertThat(plain).containsEntry("shiplog." + service + ".clusters[0].decryption.key-file",
                            dir.resolve("age.txt").toString())
                    .containsEntry("shiplog." + service + ".clusters[0].decryption.secret", "flux-system/sops-age")
                    .doesNotContainKey("shiplog." + service + ".clusters[1].decryption.secret");
        }
        assertThat(plain.values()).noneMatch(v -> v.toString().contains("AGE-SECRET-KEY"));
    }

    @Test
    void theScannerGetsEachRegistrysAuthWithTheClientSecretAmongTheSecrets() throws Exception {
        TestFleets.write(dir.resolve("acr-secret"), "acr-cl13nt-s3cr3t\n");
        TestFleets.write(dir.resolve("gcp-key.json"), "{\"type\": \"service_account\"}\n");
        Fleet fleet = FleetFile.load(TestFleets.write(dir.resolve("shiplog.yaml"), """
                apiVersion: shiplog.io/v1alpha1
                kind: Fleet
                registries:
                  - host: 123456789012.dkr.ecr.eu-west-1.amazonaws.com
                    auth: {provider: ecr, region: eu-west-1}
                  - host: europe-docker.pkg.dev
                    auth: {provider: google, keyFile: gcp-key.json}
                  - host: acme.azurecr.io
                    auth:
                      provider: acr
                      tenant: 72f988bf-86f1-41af-91ab-2d7cd011db47
                      clientId: scanner-app
                      clientSecret: ${file:acr-secret}
                  - host: quay.io
                    auth: {provider: helper, helper: secretservice}
                """)).orThrow();
        Map<String, Object> plain = FleetPropertySources.plain(fleet);
        Map<String, Object> secrets = FleetPropertySources.secrets(fleet);

        assertThat(plain).containsEntry("shiplog.scanner.registries[0].auth.provider", "ecr")
                .containsEntry("shiplog.scanner.registries[0].auth.region", "eu-west-1")
                .containsEntry("shiplog.scanner.registries[1].auth.key-file", dir.resolve("gcp-key.json").toString())
                .containsEntry("shiplog.scanner.registries[2].auth.tenant", "72f988bf-86f1-41af-91ab-2d7cd011db47")
                .containsEntry("shiplog.scanner.registries[2].auth.client-id", "scanner-app")
                .containsEntry("shiplog.scanner.registries[3].auth.helper", "secretservice");
        assertThat(secrets).containsEntry("shiplog.scanner.registries[2].auth.client-secret", "acr-cl13nt-s3cr3t");
        assertThat(plain.values()).doesNotContain("acr-cl13nt-s3cr3t");
    }

    @Test
    void everyServiceGetsTheSameRepositoryAndEachClusterOnceFromTheFile() throws Exception {
        Fleet fleet = FleetFile.load(fleet(PROD, LAB)).orThrow();
        Map<String, Object> plain = FleetPropertySources.plain(fleet);
        Map<String, Object> secrets = FleetPropertySources.secrets(fleet);

        for (String service : List.of("git-writer", "applier", "drift")) {
            assertThat(plain).containsEntry("shiplog." + service + ".repositories[0].url",
                    "https://git.example.com/platform/fleet.git");
            assertThat(secrets).containsEntry("shiplog." + service + ".repositories[0].password", "g1t-s3cr3t");
        }
        assertThat(plain).containsEntry("shiplog.applier.clusters[0].name", "prod")
                .containsEntry("shiplog.applier.clusters[0].branch", "release")
                .containsEntry("shiplog.applier.clusters[0].paths[1]", "apps")
                .containsEntry("shiplog.applier.clusters[0].context", "prod")
                .containsEntry("shiplog.applier.clusters[1].in-cluster", true)
                .containsEntry("shiplog.drift.clusters[0].mode", "CORRECT")
                .doesNotContainKey("shiplog.drift.clusters[1].name")
                .containsEntry("shiplog.git-writer.clusters[0].name", "prod")
                .containsEntry("shiplog.git-writer.clusters[0].repository", "fleet")
                .containsEntry("shiplog.git-writer.clusters[0].paths[1]", "apps")
                .containsEntry("shiplog.git-writer.clusters[1].name", "lab");
        assertThat(plain.values()).doesNotContain("g1t-s3cr3t");
    }

    @Test
    void everyServiceGetsTheApiTokensMaskedAndTheAddressToBind() throws Exception {
        TestFleets.write(dir.resolve("ops-token"), "ops-t0ken-0123456789abcdef\n");
        TestFleets.write(dir.resolve("dashboards-token"), "dashboards-t0ken-0123456789\n");
        TestFleets.write(dir.resolve("audit-token"), "audit-t0ken-0123456789abcdef\n");
        Fleet fleet = FleetFile.load(TestFleets.write(dir.resolve("shiplog.yaml"), """
                apiVersion: shiplog.io/v1alpha1
                kind: Fleet
                api:
                  address: 0.0.0.0
                  tokens:
                    - name: dashboards
                      token: ${file:dashboards-token}
                      role: read
                    - {name: ops, token: "${file:ops-token}", role: write}
                audit:
                  token: ${file:audit-token}
                """)).orThrow();
        Map<String, Object> plain = FleetPropertySources.plain(fleet);
        Map<String, Object> secrets = FleetPropertySources.secrets(fleet);

        assertThat(plain).containsEntry("server.address", "0.0.0.0")
                .containsEntry("shiplog.api.tokens[0].name", "dashboards")
                .containsEntry("shiplog.api.tokens[0].role", "read")
                .containsEntry("shiplog.api.tokens[1].name", "ops")
                .containsEntry("shiplog.api.tokens[1].role", "write");
        assertThat(secrets).containsEntry("shiplog.api.tokens[1].token", "ops-t0ken-0123456789abcdef")
                .containsEntry("shiplog.audit.api.token", "audit-t0ken-0123456789abcdef");
        assertThat(plain.values()).doesNotContain("ops-t0ken-0123456789abcdef", "audit-t0ken-0123456789abcdef");
        assertThat(FleetPropertySources.source(fleet).isSecret("shiplog.api.tokens[1].token")).isTrue();
    }

    @Test
    void gitWriterGetsThePullRequestSettingsWithTheTokenAsASecret() throws Exception {
        TestFleets.write(dir.resolve("forge-token"), "glpat-f0rge-t0ken\n");
        Path file = fleet(PROD);
        TestFleets.write(file, Files.readString(file).replace("    branch: release\n", """
                    branch: release
                    pushBranch: shiplog/{branch}
                    pullRequests:
                      forge: GitLab
                      token: ${file:forge-token}
                      project: platform/deploy/fleet
                      autoMerge: true
                      mergeMethod: squash
                """));
        Fleet fleet = FleetFile.load(file).orThrow();
        Map<String, Object> plain = FleetPropertySources.plain(fleet);
        Map<String, Object> secrets = FleetPropertySources.secrets(fleet);

        String at = "shiplog.git-writer.repositories[0].pull-requests.";
        assertThat(plain).containsEntry(at + "forge", "gitlab").containsEntry(at + "project", "platform/deploy/fleet")
                .containsEntry(at + "auto-merge", true).containsEntry(at + "merge-method", "squash")
                .doesNotContainKey(at + "api-url").doesNotContainKey(at + "token");
        assertThat(secrets).containsEntry(at + "token", "glpat-f0rge-t0ken");
        assertThat(plain.values()).doesNotContain("glpat-f0rge-t0ken");
        assertThat(plain.keySet()).noneMatch(k -> k.startsWith("shiplog.applier.") && k.contains("pull-requests"));
    }

    @Test
    void withoutAnApiSectionTheAddressStaysTheServicesOwn() throws Exception {
        Map<String, Object> plain = FleetPropertySources.plain(FleetFile.load(fleet(PROD)).orThrow());

        assertThat(plain).doesNotContainKey("server.address").doesNotContainKey("shiplog.api.tokens[0].name");
    }

    @Test
    void aServiceBindsItsPartAndRebindsANewerFleetWithTheClusterAdded() throws Exception {
        Path file = fleet(PROD);
        SpringApplication application = new SpringApplication(App.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of("shiplog.fleet.watch-interval", "0s"));
        try (ConfigurableApplicationContext context = application.run("--shiplog.config=" + file)) {
            FleetRebinder rebinder = context.getBean(FleetRebinder.class);
            Clusters atStart = rebinder.bind(context.getBean(io.shiplog.fleet.FleetSource.class).current(),
                    "shiplog.applier", Clusters.class);
            assertThat(atStart.clusters()).extracting(Cluster::name).containsExactly("prod");
            assertThat(atStart.repositories()).singleElement().satisfies(r ->
                    assertThat(r.password()).isEqualTo("g1t-s3cr3t"));

            Fleet newer = FleetFile.load(fleet(PROD, LAB)).orThrow();
            Clusters later = rebinder.bind(newer, "shiplog.applier", Clusters.class);

            assertThat(later.clusters()).extracting(Cluster::name).containsExactly("prod", "lab");
            assertThat(later.clusters().get(1).inCluster()).isTrue();
            assertThat(rebinder.bind(newer, "shiplog.drift", Clusters.class).clusters()).extracting(Cluster::name)
                    .containsExactly("prod");
        }
    }

    @Test
    void clustersDeclaredInAServicesOwnConfigurationBesideTheFleetFileStopTheStart() throws Exception {
        Path file = fleet(PROD);
        SpringApplication application = new SpringApplication(App.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        assertThatThrownBy(() -> application.run("--shiplog.config=" + file,
                "--shiplog.applier.clusters[0].name=other")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("remove shiplog.applier.clusters (in commandLineArgs)");
    }
}
