package io.shiplog.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.fleet.InvalidFleetException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shiplog dev --config FILE} checks the user's fleet file before it starts anything. */
class DevConfigTest {

    @TempDir
    Path dir;

    @Test
    void aFleetFileWithProblemsStopsDevBeforeAnythingStartsNamingEveryProblem() throws Exception {
        Path fleet = Files.writeString(dir.resolve("shiplog.yaml"), """
                apiVersion: shiplog.io/v1alpha1
                kind: Fleet
                repositories:
                  - name: fleet
                    url: https://git.example.com/fleet.git
                clusters:
                  - name: prod
                    paths: [clusters/prod]
                    kubeconfig: /nowhere/kubeconfig
                    resyncc: 5m
                """);
        Path data = dir.resolve("data");

        assertThatThrownBy(() -> DevEnvironment.start(new DevOptions(0, 0, 0, 0, 0, Optional.of(data),
                Optional.of(fleet), true, io.shiplog.dev.demo.DemoInfrastructure.Options.demo())))
                .isInstanceOf(InvalidFleetException.class)
                .hasMessageContaining("shiplog.yaml:9:17: clusters[0].kubeconfig: /nowhere/kubeconfig is not a "
                        + "readable file")
                .hasMessageContaining("clusters[0].resyncc: unknown key, did you mean 'resync'?");
        assertThat(data).doesNotExist();
    }

    @Test
    void onceWithAFleetFileIsAUsageError() {
        StringWriter err = new StringWriter();
        int status = DevMain.commandLine().setErr(new PrintWriter(err, true)).setOut(new PrintWriter(new StringWriter()))
                .execute("dev", "--once", "--config", dir.resolve("shiplog.yaml").toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--once runs the demo");
    }
}
