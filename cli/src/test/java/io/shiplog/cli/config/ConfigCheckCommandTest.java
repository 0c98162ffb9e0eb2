package io.shiplog.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.cli.CliRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigCheckCommandTest {

    private static final String VALID = """
            apiVersion: shiplog.io/v1alpha1
            kind: Fleet
            registries:
              - host: ghcr.io
            repositories:
              - name: fleet
                url: https://git.example.com/platform/fleet.git
            clusters:
              - name: prod-eu
                paths: [clusters/prod-eu]
                inCluster: true
              - name: prod-us
                paths: [clusters/prod-us]
                inCluster: true
            """;

    @TempDir
    Path dir;

    @Test
    void exitsZeroAndSummarisesAValidFile() throws Exception {
        Path file = Files.writeString(dir.resolve("shiplog.yaml"), VALID);
        CliRun run = CliRun.run("", "config", "check", file.toString());
        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("fleet file " + file + " is valid: 1 registry, 1 repository, 2 clusters\n");
    }

    @Test
    void exitsOneAndPrintsEveryProblemWithoutSecrets() throws Exception {
        Path file = Files.writeString(dir.resolve("shiplog.yaml"), VALID
                .replace("    url: https://git.example.com/platform/fleet.git\n",
                        "    url: https://git.example.com/platform/fleet.git\n    auth:\n      password: hunter2\n")
                .replace("name: prod-us", "name: prod-eu")
                .replace("inCluster: true\n  - name", "inCluster: true\n    kubeConfig: /x\n  - name"));
        CliRun run = CliRun.run("", "config", "check", file.toString());
        assertThat(run.status()).isEqualTo(ConfigCheckCommand.PROBLEMS);
        assertThat(run.out()).isEqualTo(String.join("\n",
                file + ":9:17: repositories[0].auth.password: a secret must be a reference ${env:NAME} or "
                        + "${file:/path}, not an inline value",
                file + ":14:5: clusters[0].kubeConfig: unknown key, did you mean 'kubeconfig'?",
                file + ":15:11: clusters[1].name: duplicate cluster name (first at clusters[0])", ""));
        assertThat(run.out() + run.err()).doesNotContain("hunter2");
        assertThat(run.err()).isEqualTo("fleet file " + file + " is invalid: 3 problems\n");
    }

    @Test
    void aMissingFileIsAProblemOfTheFile() {
        Path file = dir.resolve("nope.yaml");
        CliRun run = CliRun.run("", "config", "check", file.toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).isEqualTo(file + ":1:1: cannot be read: no such file\n");
    }

    @Test
    void exitsTwoOnBadUsage() {
        assertThat(CliRun.run("", "config", "check", "a.yaml", "b.yaml").status()).isEqualTo(2);
        assertThat(CliRun.run("", "config", "check", "--strict").status()).isEqualTo(2);
    }

    @Test
    void helpListsTheExitCodes() {
        CliRun run = CliRun.run("", "config", "check", "--help");
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("Exit status:", "0   the file is valid", "1   the file has problems",
                "2   bad usage", "$SHIPLOG_CONFIG");
    }

    @Test
    void checksTheFileNamedBySHIPLOG_CONFIG() throws Exception {
        Path file = Files.writeString(dir.resolve("fleet.yaml"), VALID);
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConfigCheckCommand(Map.of("SHIPLOG_CONFIG", file.toString())::get));
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute()).isZero();
        assertThat(out.toString()).startsWith("fleet file " + file + " is valid");
    }
}
