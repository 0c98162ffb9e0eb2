package io.shiplog.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.cli.CliRun;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.kafka.RestartableKafkaBroker;
import io.shiplog.local.schemaregistry.EmbeddedSchemaRegistry;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicProvisioner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a secured Kafka (SASL/SCRAM-SHA-512, ACLs by the KRaft StandardAuthorizer) and a schema registry
 * with basic auth: credentials from the fleet file or from client-property options, and a clear refusal that never
 * shows a password.
 */
class SecuredKafkaCliIT {

    private static final String USER = "shiplog-cli";
    private static final String PASSWORD = "cli-" + UUID.randomUUID();
    private static final String REGISTRY_PASSWORD = "registry-" + UUID.randomUUID();
    private static final String WRONG_PASSWORD = "wrong-" + UUID.randomUUID();

    @TempDir
    static Path dir;
    private static RestartableKafkaBroker kafka;
    private static EmbeddedSchemaRegistry registry;
    private static Path fleet;

    @BeforeAll
    static void startSecuredKafkaAndRegistry() throws Exception {
        KafkaBroker.ScramSecurity scram = new KafkaBroker.ScramSecurity("admin", "admin-" + UUID.randomUUID(),
                Map.of(USER, PASSWORD));
        kafka = KafkaBroker.startEmbedded(KafkaBroker.EmbeddedOptions.ephemeral().withScram(scram));
        Map<String, Object> admin = new HashMap<>(scram.adminClientProperties());
        admin.put("bootstrap.servers", kafka.bootstrapServers());
        try (Admin client = Admin.create(admin)) {
            new TopicProvisioner(client, Optional.empty(), Duration.ofSeconds(30)).provision(TopicCatalogue.all());
            ResourcePattern shiplogTopics = new ResourcePattern(ResourceType.TOPIC, "shiplog.", PatternType.PREFIXED);
            client.createAcls(List.of(AclOperation.READ, AclOperation.WRITE).stream()
                    .map(operation -> new AclBinding(shiplogTopics, new AccessControlEntry("User:" + USER, "*",
                            operation, AclPermissionType.ALLOW))).toList()).all().get();
        }
        registry = EmbeddedSchemaRegistry.builder(kafka.bootstrapServers()).kafkaProperties(admin)
                .basicAuth("cli", REGISTRY_PASSWORD).start();
        Files.writeString(dir.resolve("jaas.conf"), jaas(PASSWORD));
        Files.writeString(dir.resolve("registry-user-info"), "cli:" + REGISTRY_PASSWORD + "\n");
        fleet = dir.resolve("shiplog.yaml");
        Files.writeString(fleet, """
                apiVersion: shiplog.io/v1alpha1
                kind: Fleet
                kafka:
                  bootstrapServers: %s
                  schemaRegistry: %s
                  properties:
                    security.protocol: SASL_PLAINTEXT
                    sasl.mechanism: SCRAM-SHA-512
                    sasl.jaas.config: ${file:jaas.conf}
                    basic.auth.user.info: ${file:registry-user-info}
                """.formatted(kafka.bootstrapServers(), registry.url()));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void publishesACommandAndExportsItWithTheFleetFilesCredentials() {
        String workload = "deployment/shop/web-" + UUID.randomUUID().toString().substring(0, 8);

        CliRun lock = CliRun.run("", "workload", "lock", workload, "--no-wait", "--config", fleet.toString());
        CliRun export = CliRun.run("", "audit", "export", "--format", "jsonl", "--config", fleet.toString());

        assertThat(lock.status()).as(lock.err()).isZero();
        assertThat(lock.out()).contains("LockWorkload", "published: " + workload);
        assertThat(export.status()).as(export.err()).isZero();
        assertThat(export.out()).contains("\"topic\":\"shiplog.commands\"", "\"key\":\"" + workload + "\"",
                "\"type\":\"LockWorkload\"");
        assertNoSecretIn(lock, export);
    }

    @Test
    void takesTheCredentialsFromAPropertiesFileAndSingleProperties() throws Exception {
        Path properties = dir.resolve("client.properties");
        Files.writeString(properties, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\n"
                + "sasl.jaas.config=" + jaas(PASSWORD).replace("\\", "\\\\") + "\n");
        String workload = "deployment/shop/api-" + UUID.randomUUID().toString().substring(0, 8);
        String[] connection = {"--bootstrap-servers", kafka.bootstrapServers(), "--registry-url", registry.url(),
                "--kafka-properties", properties.toString(),
                "--kafka-property", "basic.auth.credentials.source=USER_INFO",
                "--kafka-property", "basic.auth.user.info=cli:" + REGISTRY_PASSWORD};

        CliRun lock = CliRun.run("", concat(new String[] {"workload", "unlock", workload, "--no-wait"}, connection));
        CliRun export = CliRun.run("", concat(new String[] {"audit", "export", "--format", "jsonl"}, connection));

        assertThat(lock.status()).as(lock.err()).isZero();
        assertThat(export.status()).as(export.err()).isZero();
        assertThat(export.out()).contains("\"key\":\"" + workload + "\"", "\"type\":\"UnlockWorkload\"");
        assertNoSecretIn(lock, export);
    }

    @Test
    void aWrongPasswordFailsNamingAuthenticationWithoutShowingAnyPassword() throws Exception {
        Path properties = dir.resolve("wrong.properties");
        Files.writeString(properties, "sasl.jaas.config=" + jaas(WRONG_PASSWORD) + "\n");

        CliRun export = CliRun.run("", "audit", "export", "--config", fleet.toString(),
                "--kafka-properties", properties.toString());
        CliRun lock = CliRun.run("", "workload", "lock", "deployment/shop/web", "--no-wait",
                "--config", fleet.toString(), "--kafka-properties", properties.toString());

        assertThat(export.status()).isEqualTo(1);
        assertThat(export.err()).startsWith("shiplog export: Kafka authentication failed")
                .contains("invalid credentials with SASL mechanism SCRAM-SHA-512");
        assertThat(lock.status()).isEqualTo(1);
        assertThat(lock.err()).startsWith("shiplog lock: Kafka authentication failed");
        assertNoSecretIn(export, lock);
        assertThat(export.out() + export.err() + lock.out() + lock.err()).doesNotContain(WRONG_PASSWORD);
    }

    @Test
    void helpNamesTheClientPropertyOptionsAndNoCredential() {
        CliRun help = CliRun.run("", "audit", "export", "--help");

        assertThat(help.out()).contains("--config=FILE", "--kafka-properties=FILE", "--kafka-property=KEY=VALUE",
                "(${env:NAME},", "${file:PATH})").doesNotContain("null");
        assertNoSecretIn(help);
    }

    private static void assertNoSecretIn(CliRun... runs) {
        for (CliRun run : runs) {
            assertThat(run.out() + run.err()).doesNotContain(PASSWORD).doesNotContain(REGISTRY_PASSWORD);
        }
    }

    private static String jaas(String password) {
        return (String) KafkaBroker.ScramSecurity.clientProperties(USER, password).get("sasl.jaas.config");
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
