package io.shiplog.fleet.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.fleet.ClusterSpec;
import io.shiplog.fleet.FleetLoad;
import io.shiplog.fleet.FleetProblem;
import io.shiplog.fleet.TestFleets;
import io.shiplog.fleet.read.FleetLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlSafetyTest {

    @TempDir
    Path dir;

    private FleetLoad load(String text) throws Exception {
        return FleetLoader.defaults().load(TestFleets.write(dir.resolve("shiplog.yaml"), text));
    }

    private String problems(FleetLoad load) {
        return String.join("\n", load.problems().stream().map(FleetProblem::render).toList())
                .replace(dir + "/", "");
    }

    @Test
    void refusesAFileOverTheSizeLimit() throws Exception {
        String big = TestFleets.small("prod") + "# " + "x".repeat((int) YamlFile.MAX_BYTES) + "\n";
        assertThat(problems(load(big))).isEqualTo("shiplog.yaml:1:1: is " + big.length()
                + " bytes; at most 4194304 (4 MiB) are read");
    }

    @Test
    void refusesTheClassicBillionLaughs() throws Exception {
        StringBuilder text = new StringBuilder(TestFleets.small("prod") + "tuning:\n  gitWriter:\n    l0: &l0 [lol]\n");
        for (int i = 1; i <= 9; i++) {
            text.append("    l").append(i).append(": &l").append(i).append(" [")
                    .append(("*l" + (i - 1) + ", ").repeat(8)).append("*l").append(i - 1).append("]\n");
        }
        long started = System.nanoTime();
        String problems = problems(load(text.toString()));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(problems).isEqualTo("shiplog.yaml:17:9: tuning.gitWriter.l5: aliases expand this to more than "
                + "100000 nodes (an alias bomb?); refused");
    }

    @Test
    void refusesTooManyAliases() throws Exception {
        String text = TestFleets.small("prod") + "tuning:\n  gitWriter:\n    a: &a [x]\n    b: ["
                + "*a, ".repeat(YamlFile.MAX_ALIASES) + "*a]\n";
        assertThat(problems(load(text))).startsWith("shiplog.yaml:").contains("is not valid YAML")
                .contains("aliases");
    }

    @Test
    void refusesARecursiveAlias() throws Exception {
        String text = TestFleets.small("prod") + "tuning:\n  gitWriter:\n    a: &a [x, *a]\n";
        assertThat(problems(load(text))).startsWith("shiplog.yaml:12:").satisfiesAnyOf(
                p -> assertThat(p).contains("recursive"), p -> assertThat(p).contains("not valid YAML"));
    }

    @Test
    void refusesTextThatIsNotUtf8() throws Exception {
        Path file = dir.resolve("shiplog.yaml");
        Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
        assertThat(problems(FleetLoader.defaults().load(file))).isEqualTo("shiplog.yaml:1:1: is not UTF-8 text");
    }

    @Test
    void reportsAMissingFile() {
        assertThat(problems(FleetLoader.defaults().load(dir.resolve("shiplog.yaml"))))
                .isEqualTo("shiplog.yaml:1:1: cannot be read: no such file");
    }

    @Test
    void mergeKeysShareSettingsBetweenClusters() throws Exception {
        FleetLoad load = load("""
                apiVersion: shiplog.io/v1alpha1
                kind: Fleet
                repositories:
                  - name: fleet
                    url: https://git.example.com/platform/fleet.git
                clusters:
                  - &prod
                    name: prod-eu
                    paths: [clusters/prod-eu]
                    inCluster: true
                    resync: 2m
                  - <<: *prod
                    name: prod-us
                    paths: [clusters/prod-us]
                """);
        assertThat(load.problems()).isEmpty();
        assertThat(load.orThrow().clusters()).extracting(ClusterSpec::name, ClusterSpec::resync).containsExactly(
                org.assertj.core.groups.Tuple.tuple("prod-eu", Duration.ofMinutes(2)),
                org.assertj.core.groups.Tuple.tuple("prod-us", Duration.ofMinutes(2)));
    }

    @Test
    void refusesCustomTags() throws Exception {
        assertThat(problems(load(TestFleets.small("prod") + "tuning:\n  gitWriter:\n    a: !vault secret/x\n")))
                .isEqualTo("shiplog.yaml:12:8: tuning.gitWriter.a: unsupported tag !vault: a fleet file uses plain YAML");
    }
}
