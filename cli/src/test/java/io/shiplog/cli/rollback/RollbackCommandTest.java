package io.shiplog.cli.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.cli.CliRun;
import org.junit.jupiter.api.Test;

class RollbackCommandTest {

    @Test
    void anEmptyTargetIsAUsageErrorNamingTheOption() {
        CliRun run = CliRun.run("", "rollback", "--cluster", "prod-eu", "--to", " ");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("shiplog rollback: --to is empty: give a commit sha, a time or a release id");
    }

    @Test
    void aRollbackWithoutAClusterIsAUsageError() {
        CliRun run = CliRun.run("", "rollback", "--to", "2h");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--cluster");
    }

    @Test
    void theHelpNamesTheThreeKindsOfTargetAndTheExitCodes() {
        CliRun run = CliRun.run("", "rollback", "--help");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("--to=COMMIT|TIME|RELEASE").contains("Exit 0: applied")
                .contains("2: usage");
    }
}
