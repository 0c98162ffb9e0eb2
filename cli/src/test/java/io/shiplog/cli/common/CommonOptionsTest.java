package io.shiplog.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.cli.CliRun;
import io.shiplog.cli.Main;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommonOptionsTest {

    /** Lines for 0, 1 and 2 after the heading. */
    private static final Pattern EXIT_CODES = Pattern.compile(
            "Exit status:\\R\\s+0\\s+\\S.*\\R\\s+1\\s+\\S.*\\R(?:.*\\R)*?\\s+2\\s+\\S");

    @Test
    void everyCommandsHelpStatesTheExitStatus() {
        List<String> missing = new ArrayList<>();
        collect(Main.commandLine(), missing);
        assertThat(missing).as("commands whose --help lacks the exit status").isEmpty();
    }

    private static void collect(CommandLine command, List<String> missing) {
        String help = command.getUsageMessage();
        if (!help.contains("Exit status:") || !EXIT_CODES.matcher(help).find()) {
            missing.add(command.getCommandSpec().qualifiedName());
        }
        command.getSubcommands().values().forEach(sub -> collect(sub, missing));
    }

    @Test
    void anUnknownOutputFormatIsAUsageErrorNamingTheValue() {
        CliRun run = CliRun.run("", "audit", "trace", "v1", "-o", "xml", "--url", "http://127.0.0.1:9");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("xml").contains("--output");
    }

    @Test
    void aBadTimeoutIsAUsageErrorNamingTheValue() {
        CliRun run = CliRun.run("", "workload", "lock", "Deployment/web", "--timeout", "soon");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--timeout").contains("'soon' is not a duration");
    }

    @Test
    void bashCompletionCompletesEveryTopLevelCommand() {
        CliRun run = CliRun.run("", "completion", "bash");
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("complete -F _complete_shiplog").contains("audit").contains("workload")
                .contains("completion");
    }

    @Test
    void zshCompletionLoadsBashCompatibility() {
        CliRun run = CliRun.run("", "completion", "zsh");
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("bashcompinit").contains("_complete_shiplog");
    }
}
