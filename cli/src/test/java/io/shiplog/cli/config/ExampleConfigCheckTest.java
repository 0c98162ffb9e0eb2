package io.shiplog.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.fleet.TestFleets;
import io.shiplog.fleet.TuningSection;
import io.shiplog.fleet.read.FleetLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The annotated examples/shiplog.yaml passes {@code shiplog config check} with every service's own checks. */
class ExampleConfigCheckTest {

    @TempDir
    Path dir;

    @Test
    void theExampleIsValidForEveryServiceIncludingItsTuningSections() throws Exception {
        Path example = TestFleets.example(dir);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int status = new CommandLine(new ConfigCheckCommand(TestFleets.ENVIRONMENT::get))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(example.toString());

        assertThat(FleetLoader.discoveredSections()).extracting(TuningSection::key)
                .containsExactlyInAnyOrder("scanner", "gitWriter", "applier", "drift", "audit");
        assertThat(status).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("is valid: 2 registries, 2 repositories, 3 clusters");
    }
}
