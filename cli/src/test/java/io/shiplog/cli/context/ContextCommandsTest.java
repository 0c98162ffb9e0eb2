package io.shiplog.cli.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contexts as a user meets them: listed, switched, and used by a query unless an option overrides them. */
class ContextCommandsTest {

    @TempDir
    Path dir;

    private Path contexts() throws IOException {
        Files.writeString(dir.resolve("jaas"), "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"cli\" password=\"pl41n-pa55\";");
        return Files.writeString(dir.resolve("config"), """
                current-context: dev
                contexts:
                  - name: dev
                    audit: {url: "http://127.0.0.1:9/dev"}
                  - name: prod
                    kafka:
                      bootstrap-servers: prod:9093
                      properties: {sasl.jaas.config: "file:%s"}
                    audit: {url: "http://127.0.0.1:9/prod", token: "file:%s"}
                """.formatted(dir.resolve("jaas"), dir.resolve("jaas")));
    }

    @Test
    void getContextsMarksTheCurrentOneAndShowsReferencesNotSecrets() throws IOException {
        Path file = contexts();
        CliRun table = CliRun.run("", "config", "get-contexts", "--context-file", file.toString());
        CliRun json = CliRun.run("", "config", "get-contexts", "--context-file", file.toString(), "-o", "json");
        assertThat(table.status()).isZero();
        assertThat(table.out()).containsPattern("\\*\\s+dev").contains("prod:9093").contains("file:" + dir);
        assertThat(json.out()).contains("\"sasl.jaas.config\"").contains("\"current\" : true");
        assertThat(table.out() + json.out()).doesNotContain("pl41n-pa55");
    }

    @Test
    void aQueryUsesTheCurrentContextTheNamedOneOrTheOption() throws IOException {
        Path file = contexts();
        CliRun current = CliRun.run("", "audit", "trace", "v1", "--context-file", file.toString());
        CliRun named = CliRun.run("", "--context", "prod", "--context-file", file.toString(), "audit", "trace", "v1");
        CliRun overridden = CliRun.run("", "audit", "trace", "v1", "--context-file", file.toString(), "--context",
                "prod", "--url", "http://127.0.0.1:9/flag");
        assertThat(current.err()).contains("http://127.0.0.1:9/dev");
        assertThat(named.err()).contains("http://127.0.0.1:9/prod");
        assertThat(overridden.err()).contains("http://127.0.0.1:9/flag");
        assertThat(current.status()).isEqualTo(1);
        assertThat(current.err() + named.err() + overridden.err()).doesNotContain("pl41n-pa55");
    }

    @Test
    void useContextSwitchesTheCurrentContextAndRefusesAnUnknownOne() throws IOException {
        Path file = contexts();
        CliRun use = CliRun.run("", "config", "use-context", "prod", "--context-file", file.toString());
        assertThat(use.status()).isZero();
        assertThat(Files.readString(file)).startsWith("current-context: prod\n");
        CliRun unknown = CliRun.run("", "config", "use-context", "qa", "--context-file", file.toString());
        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.err()).contains("no context named 'qa'").contains("[dev, prod]");
    }
}
