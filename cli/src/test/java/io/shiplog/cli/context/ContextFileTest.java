package io.shiplog.cli.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextFileTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("config"), yaml);
    }

    @Test
    void theCurrentContextIsUsedUnlessOneIsNamed() throws IOException {
        ContextFile file = ContextFile.read(write("""
                current-context: dev
                contexts:
                  - name: dev
                    kafka: {bootstrap-servers: "dev:9092"}
                  - name: prod
                    user: alice
                    kafka:
                      bootstrap-servers: prod:9093
                      schema-registry: https://registry.prod
                      properties: {security.protocol: SASL_SSL}
                    audit: {url: "https://audit.prod", token: "env:PROD_TOKEN"}
                    services: {git-writer: "http://git-writer:8182"}
                """));
        assertThat(file.select(null).orElseThrow().bootstrapServers()).hasValue("dev:9092");
        ShiplogContext prod = file.select("prod").orElseThrow();
        assertThat(prod.user()).hasValue("alice");
        assertThat(prod.schemaRegistry()).hasValue("https://registry.prod");
        assertThat(prod.kafkaProperties()).containsEntry("security.protocol", "SASL_SSL");
        assertThat(prod.services()).containsEntry("git-writer", "http://git-writer:8182");
    }

    @Test
    void aMissingFileHasNoContext() {
        assertThat(ContextFile.read(dir.resolve("absent")).select(null)).isEmpty();
    }

    @Test
    void anUnknownContextIsAnErrorListingTheKnownOnes() throws IOException {
        ContextFile file = ContextFile.read(write("contexts:\n  - name: dev\n"));
        assertThatThrownBy(() -> file.select("prdo")).hasMessageContaining("no context named 'prdo'")
                .hasMessageContaining("[dev]");
    }

    @Test
    void anUnknownKeyIsNamed() throws IOException {
        Path path = write("contexts:\n  - name: dev\n    kafka: {bootstrap: x}\n");
        assertThatThrownBy(() -> ContextFile.read(path)).hasMessageContaining("context dev.kafka")
                .hasMessageContaining("unknown key 'bootstrap'");
    }

    @Test
    void aTokenWrittenIntoTheFileIsRefusedWithoutShowingIt() throws IOException {
        Path path = write("contexts:\n  - name: dev\n    audit: {token: s3cr3t-value}\n");
        assertThatThrownBy(() -> ContextFile.read(path)).hasMessageContaining("audit.token must be a reference")
                .hasMessageNotContaining("s3cr3t-value");
    }

    @Test
    void referencesResolveFromTheEnvironmentAndFiles() throws IOException {
        Path secret = Files.writeString(dir.resolve("jaas"), "jaas-line\n");
        ContextFile file = ContextFile.read(write("""
                contexts:
                  - name: dev
                    kafka:
                      properties: {sasl.jaas.config: "file:%s", sasl.mechanism: PLAIN}
                    audit: {token: "env:DEV_TOKEN"}
                """.formatted(secret)));
        ShiplogContext dev = file.select("dev").orElseThrow();
        assertThat(dev.resolvedAuditToken(Map.of("DEV_TOKEN", "t0k3n")::get)).hasValue("t0k3n");
        assertThat(dev.resolvedKafkaProperties(name -> null)).containsEntry("sasl.jaas.config", "jaas-line")
                .containsEntry("sasl.mechanism", "PLAIN");
        assertThatThrownBy(() -> dev.resolvedAuditToken(name -> null))
                .hasMessageContaining("environment variable DEV_TOKEN, which is not set");
        assertThat(dev.toString()).doesNotContain("jaas-line");
    }

    @Test
    void useContextRewritesOnlyTheCurrentContextLine() throws IOException {
        Path path = write("# my contexts\ncurrent-context: dev\ncontexts:\n  - name: dev # local\n  - name: prod\n");
        ContextFile.read(path).useContext("prod");
        assertThat(Files.readString(path))
                .isEqualTo("# my contexts\ncurrent-context: prod\ncontexts:\n  - name: dev # local\n  - name: prod\n");
        assertThatThrownBy(() -> ContextFile.read(path).useContext("qa")).hasMessageContaining("no context named 'qa'");
    }

    @Test
    void shiplogConfigNamingAFleetFileLeavesTheContextFileInTheHomeDirectory() throws IOException {
        Path fleet = Files.writeString(dir.resolve("shiplog.yaml"), "kafka:\n  bootstrapServers: x:9092\n");
        Path contexts = write("contexts:\n  - name: dev\n");
        assertThat(ContextFile.locate(null, Map.of("SHIPLOG_CONFIG", fleet.toString())::get))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".shiplog", "config"));
        assertThat(ContextFile.locate(null, Map.of("SHIPLOG_CONFIG", contexts.toString())::get)).isEqualTo(contexts);
    }
}
