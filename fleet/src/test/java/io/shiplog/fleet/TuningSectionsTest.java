package io.shiplog.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.fleet.read.FleetLoader;
import io.shiplog.fleet.testing.ApplierTuning;
import io.shiplog.fleet.testing.ScannerTuning;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuningSectionsTest {

    @TempDir
    Path dir;

    private FleetLoad load(String tuning, Map<String, String> env) throws Exception {
        return FleetLoader.defaults().withEnvironment(env::get)
                .load(TestFleets.write(dir.resolve("shiplog.yaml"), TestFleets.small("prod") + tuning));
    }

    @Test
    void findsRegisteredSectionsWithTheServiceLoader() {
        assertThat(FleetLoader.defaults().tuningSections()).containsOnlyKeys("applier", "scanner");
    }

    @Test
    void flattensASectionToSpringPropertiesUnderItsPrefix() throws Exception {
        Fleet fleet = load("""
                tuning:
                  applier:
                    maxParallel: 8
                    applyTimeout: 2m
                    labels:
                      app.kubernetes.io/part-of: shiplog
                      team: platform
                    skipKinds: [Secret, Event]
                """, Map.of()).orThrow();
        assertThat(fleet.tuningProperties("applier")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "shiplog.applier.tuning.maxParallel", "8",
                "shiplog.applier.tuning.applyTimeout", "2m",
                "shiplog.applier.tuning.labels[app.kubernetes.io/part-of]", "shiplog",
                "shiplog.applier.tuning.labels.team", "platform",
                "shiplog.applier.tuning.skipKinds[0]", "Secret",
                "shiplog.applier.tuning.skipKinds[1]", "Event"));
        ApplierTuning tuning = fleet.tuning(new ApplierTuning.Section());
        assertThat(tuning.maxParallel()).isEqualTo(8);
        assertThat(tuning.applyTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(tuning.fieldManager()).isEqualTo("shiplog");
        assertThat(tuning.labels()).containsEntry("app.kubernetes.io/part-of", "shiplog").containsEntry("team", "platform");
        assertThat(tuning.skipKinds()).containsExactly("Secret", "Event");
    }

    @Test
    void anAbsentSectionBindsToItsDefaults() throws Exception {
        Fleet fleet = load("", Map.of()).orThrow();
        assertThat(fleet.tuningProperties("applier")).isEmpty();
        assertThat(fleet.tuning(new ApplierTuning.Section()).maxParallel()).isEqualTo(4);
    }

    @Test
    void acceptsKebabCaseLikeSpringDoes() throws Exception {
        Fleet fleet = load("tuning:\n  applier:\n    max-parallel: 3\n", Map.of()).orThrow();
        assertThat(fleet.tuning(new ApplierTuning.Section()).maxParallel()).isEqualTo(3);
    }

    @Test
    void leavesASectionNoServiceClaimsUnchecked() throws Exception {
        Fleet fleet = load("tuning:\n  gitWriter:\n    anything: goes\n    batchWindow: 2s\n", Map.of()).orThrow();
        assertThat(fleet.tuningProperties("gitWriter")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "shiplog.git-writer.tuning.anything", "goes", "shiplog.git-writer.tuning.batchWindow", "2s"));
    }

    @Test
    void aSecretTuningKeyIsAReferenceAndStaysMasked() throws Exception {
        Fleet fleet = load("tuning:\n  scanner:\n    webhookToken: ${env:SCANNER_TOKEN}\n    tagsPerPage: 50\n",
                Map.of("SCANNER_TOKEN", "scanner-s3cr3t")).orThrow();
        assertThat(fleet.tuning().get("scanner").secrets()).containsOnlyKeys("webhookToken");
        assertThat(fleet.toString()).doesNotContain("scanner-s3cr3t");
        ScannerTuning tuning = fleet.tuning(new ScannerTuning.Section());
        assertThat(tuning.webhookToken()).isEqualTo("scanner-s3cr3t");
        assertThat(tuning.tagsPerPage()).isEqualTo(50);
    }

    @Test
    void reportsEveryProblemOfASectionAtItsLine() throws Exception {
        FleetLoad load = load("""
                tuning:
                  applier:
                    maxParallel: lots
                    applyTimeout: 2 minutes
                    feildManager: x
                """, Map.of());
        assertThat(load.problems()).extracting(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message())
                .containsExactly(
                        "12:18 tuning.applier.maxParallel: expected an integer, got 'lots'",
                        "13:19 tuning.applier.applyTimeout: expected a duration such as 500ms, 30s, 5m or PT1H30M, "
                                + "got '2 minutes'",
                        "14:5 tuning.applier.feildManager: unknown key, did you mean 'fieldManager'?");
    }

    @Test
    void aLoaderMayCheckWithOtherSections() throws Exception {
        FleetLoad load = FleetLoader.defaults().withTuningSections(List.of())
                .load(TestFleets.write(dir.resolve("shiplog.yaml"), TestFleets.small("prod")
                        + "tuning:\n  applier:\n    nonsense: 1\n"));
        assertThat(load.problems()).isEmpty();
    }
}
