package io.shiplog.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"ops\" password=\"s3cret-jaas\";";

    @TempDir
    Path dir;

    @Test
    void takesTheFleetFilesKafkaSectionWithItsSecretReferencesResolved() throws Exception {
        Path fleet = fleet();

        KafkaClientSettings settings = KafkaClientSettings.read(fleet, null, List.of(),
                Map.of("KAFKA_JAAS", JAAS)::get);

        assertThat(settings.bootstrapServers()).contains("kafka-0:9093");
        assertThat(settings.registryUrl()).contains("https://registry.example:8081");
        assertThat(settings.properties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", JAAS);
        assertThat(settings.toString()).doesNotContain("s3cret");
    }

    @Test
    void aPropertiesFileOverridesTheFleetFileAndSinglePropertiesOverrideBoth() throws Exception {
        Path properties = dir.resolve("client.properties");
        Files.writeString(properties, """
                security.protocol=SASL_PLAINTEXT
                basic.auth.credentials.source=USER_INFO
                basic.auth.user.info=ops:file-secret
                """);

        KafkaClientSettings settings = KafkaClientSettings.read(fleet(), properties,
                List.of("basic.auth.user.info=ops:cli=secret", "client.id=ops"), Map.of("KAFKA_JAAS", JAAS)::get);

        assertThat(settings.properties())
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("basic.auth.credentials.source", "USER_INFO")
                .containsEntry("basic.auth.user.info", "ops:cli=secret")
                .containsEntry("client.id", "ops");
    }

    @Test
    void aServicesOwnYamlIsNotAFleetFileAndGivesNoKafkaSettings() throws Exception {
        Path applierYaml = dir.resolve("applier.yaml");
        Files.writeString(applierYaml, "shiplog:\n  applier:\n    clusters: []\n");

        KafkaClientSettings settings = KafkaClientSettings.read(applierYaml, null, List.of(), name -> null);

        assertThat(settings.bootstrapServers()).isEmpty();
        assertThat(settings.properties()).isEmpty();
    }

    @Test
    void aFleetFileWhoseSecretCannotBeResolvedIsRefusedNamingTheFileNotTheValue() throws Exception {
        Path fleet = fleet();

        assertThatThrownBy(() -> KafkaClientSettings.read(fleet, null, List.of(), name -> null))
                .hasMessageContaining("--config " + fleet + " is not a valid fleet file")
                .hasMessageContaining("KAFKA_JAAS");
    }

    @Test
    void aPropertyWithoutAKeyIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> KafkaClientSettings.read(null, null, List.of("hunter2"), name -> null))
                .hasMessageContaining("--kafka-property needs KEY=VALUE")
                .message().doesNotContain("hunter2");
    }

    @Test
    void aMissingPropertiesFileIsNamed() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> KafkaClientSettings.read(null, missing, List.of(), name -> null))
                .hasMessage("--kafka-properties " + missing + " does not exist");
    }

    private Path fleet() throws Exception {
        Path fleet = dir.resolve("shiplog.yaml");
        Files.writeString(fleet, """
                apiVersion: shiplog.io/v1alpha1
                kind: Fleet
                kafka:
                  bootstrapServers: kafka-0:9093
                  schemaRegistry: https://registry.example:8081
                  properties:
                    security.protocol: SASL_SSL
                    sasl.mechanism: SCRAM-SHA-512
                    sasl.jaas.config: ${env:KAFKA_JAAS}
                """);
        return fleet;
    }
}
