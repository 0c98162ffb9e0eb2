package io.shiplog.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.fleet.read.FleetLoader;
import io.shiplog.fleet.spring.FleetPropertySources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsNeverShownTest {

    @TempDir
    Path dir;

    private List<String> secrets() {
        List<String> all = new ArrayList<>(TestFleets.SECRET_FILES.values());
        all.add(TestFleets.ENVIRONMENT.get("GIT_WEBHOOK_SECRET"));
        all.add(TestFleets.ENVIRONMENT.get("REGISTRY_WEBHOOK_TOKEN"));
        all.add(TestFleets.ENVIRONMENT.get("SHIPLOG_READ_TOKEN"));
        for (String notification : List.of("SLACK_WEBHOOK_URL", "TEAMS_WEBHOOK_URL", "AUDIT_WEBHOOK_URL",
                "AUDIT_WEBHOOK_SECRET", "CDEVENTS_URL")) {
            all.add(TestFleets.ENVIRONMENT.get(notification));
        }
        return all;
    }

    @Test
    void noSecretValueIsInTheLoadedFleetsToString() throws Exception {
        Fleet fleet = FleetLoader.defaults().withEnvironment(TestFleets.ENVIRONMENT::get)
                .withTuningSections(List.of()).load(TestFleets.example(dir)).orThrow();
        String shown = fleet.toString() + fleet.kafka() + fleet.registries() + fleet.repositories() + fleet.webhooks()
                + fleet.audit() + fleet.api() + fleet.notifications() + new FleetChange(fleet, fleet) + FleetPropertySources.plain(fleet);
        for (String secret : secrets()) {
            assertThat(shown).doesNotContain(secret);
        }
        assertThat(shown).contains(Secret.MASK).contains("acme-bot");
    }

    @Test
    void aSecretIsMaskedAndEqualByValue() {
        Secret secret = new Secret("s3cr3t", "${env:A}");
        assertThat(secret).hasToString("****").isEqualTo(new Secret("s3cr3t", "${file:/b}"))
                .isNotEqualTo(new Secret("other", "${env:A}"));
        assertThat(secret.reveal()).isEqualTo("s3cr3t");
    }

    @Test
    void noSecretValueIsInAnyProblemOrException() throws Exception {
        Path example = TestFleets.example(dir);
        String valid = Files.readString(example);
        // every secret reference made an inline value, a URL given credentials, a too-short audit token
        String broken = valid
                .replace("${file:" + dir + "/registry/ghcr-token}", "ghp_ghcrS3cr3tT0ken")
                .replace("${file:" + dir + "/git/fleet-token}", "git-fleet-s3cr3t-token")
                .replace("${file:" + dir + "/kafka/jaas.conf}", "\"" + "kafka-jaas-s3cr3t" + "\"")
                .replace("${file:" + dir + "/db/password}", "db-s3cr3t-password")
                .replace("${env:GIT_WEBHOOK_SECRET}", "git-webhook-s3cr3t")
                .replace("${env:SLACK_WEBHOOK_URL}", "https://hooks.slack.test/services/T0/B0/sl4ck-s3cr3t")
                .replace("https://git.acme.internal/platform/fleet.git",
                        "https://shiplog-bot:git-url-s3cr3t@git.acme.internal/platform/fleet.git")
                .replace("http://schema-registry.kafka:8081", "http://sr:schema-url-s3cr3t@schema-registry.kafka:8081");
        Files.writeString(example, broken);
        Files.writeString(dir.resolve("audit/token"), "short-s3cr3t\n");
        FleetLoad load = FleetLoader.defaults().withEnvironment(TestFleets.ENVIRONMENT::get).load(example);
        assertThat(load.problems()).hasSizeGreaterThanOrEqualTo(8);
        String shown = String.join("\n", load.problems().stream().map(FleetProblem::render).toList());
        String exception = "";
        try {
            load.orThrow();
        } catch (InvalidFleetException e) {
            exception = e.getMessage() + e;
        }
        assertThat(exception).startsWith("invalid fleet file " + example + ":\n");
        for (String secret : List.of("ghp_ghcrS3cr3tT0ken", "git-fleet-s3cr3t-token", "kafka-jaas-s3cr3t",
                "db-s3cr3t-password", "git-webhook-s3cr3t", "git-url-s3cr3t", "schema-url-s3cr3t", "short-s3cr3t",
                "sl4ck-s3cr3t")) {
            assertThat(shown).doesNotContain(secret);
            assertThat(exception).doesNotContain(secret);
        }
        assertThat(shown).contains("https://***@git.acme.internal/platform/fleet.git")
                .contains("audit.token: ${file:" + dir + "/audit/token} is shorter than 16 characters");
    }

    @Test
    void secretValuesAreKnownAsSecretsAndNeverPlain() throws Exception {
        Fleet fleet = FleetLoader.defaults().withEnvironment(TestFleets.ENVIRONMENT::get)
                .withTuningSections(List.of()).load(TestFleets.example(dir)).orThrow();
        Map<String, Object> plain = FleetPropertySources.plain(fleet);
        Map<String, Object> secret = FleetPropertySources.secrets(fleet);
        assertThat(plain).containsEntry("spring.kafka.bootstrap-servers",
                        "kafka-0.kafka:9092,kafka-1.kafka:9092,kafka-2.kafka:9092")
                .containsEntry("spring.kafka.properties.schema.registry.url", "http://schema-registry.kafka:8081")
                .containsEntry("spring.kafka.properties.security.protocol", "SASL_SSL")
                .doesNotContainKey("spring.kafka.properties.sasl.jaas.config");
        assertThat(secret).containsKey("spring.kafka.properties.sasl.jaas.config")
                .containsKey("shiplog.git-writer.repositories[0].token")
                .containsKey("shiplog.applier.repositories[0].token")
                .containsKey("shiplog.scanner.registries[0].password")
                .containsKey("shiplog.scanner.webhook.token")
                .containsKey("shiplog.audit.api.token");
        assertThat(plain.keySet()).doesNotContainAnyElementsOf(secret.keySet());
        assertThat(plain.values()).doesNotContainAnyElementsOf(secret.values());
    }
}
