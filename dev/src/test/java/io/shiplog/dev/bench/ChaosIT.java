package io.shiplog.dev.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code scripts/bench chaos --quick} as a test: services in their own JVMs killed with SIGKILL, the broker
 * restarted on its data directory, an API server away for a while and a person committing meanwhile; then nothing
 * may be lost, committed twice, overwritten, left unconverged or missing from the release log.
 */
class ChaosIT {

    @Test
    void releasesSurviveKilledServicesABrokerRestartAndAnApiServerOutage() throws Exception {
        ChaosBench bench = new ChaosBench();
        bench.quick = true;
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        ChaosBench.Outcome outcome = bench.run(new PrintStream(table, true, StandardCharsets.UTF_8));
        System.out.print(table.toString(StandardCharsets.UTF_8));

        assertThat(outcome.releases()).isEqualTo(30);
        assertThat(outcome.kills()).as("services killed with SIGKILL").isGreaterThanOrEqualTo(3);
        assertThat(outcome.brokerRestarts()).isEqualTo(1);
        assertThat(outcome.humanCommits()).isEqualTo(3);
        ChaosVerdict verdict = outcome.verdict();
        assertThat(verdict.findings()).as("what the run broke (seed %d)", outcome.seed()).isEmpty();
        assertThat(verdict.lost()).isZero();
        assertThat(verdict.duplicateCommits()).isZero();
        assertThat(verdict.humanCommitsLost()).isZero();
        assertThat(verdict.notConverged()).isZero();
        assertThat(verdict.missingTraceEvents()).isZero();
    }
}
