package io.shiplog.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicySelectCommandTest {

    @Test
    void printsTheTagChosenFromStdin() {
        CliRun run = CliRun.run("1.4.2\n1.5.0\n2.0.0\nlatest\n", "policy", "select", "--policy", "semver:^1.4");
        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("1.5.0\n");
    }

    @Test
    void readsTagsWithCreationTimesAndDigestsFromAFile(@TempDir Path dir) throws Exception {
        String d = "sha256:" + "a".repeat(64);
        Path tags = Files.writeString(dir.resolve("tags.txt"), """
                # tag  created-at  digest
                main-1  2024-01-01T00:00:00Z
                main-2  1717200000000  %s
                latest  -  %s
                """.formatted(d, d));
        assertThat(CliRun.run("", "policy", "select", "--policy", "newest", "--tags-file", tags.toString()).out())
                .isEqualTo("main-2\n");
        assertThat(CliRun.run("", "policy", "select", "--policy", "digest:latest", "--tags-file", tags.toString()).out())
                .isEqualTo("latest@" + d + "\n");
        assertThat(CliRun.run("", "policy", "select", "--policy", "regex:^main-(?P<n>\\d+)$;extract=$n;order=numerical:desc",
                "--tags-file", tags.toString()).out()).isEqualTo("main-1\n");
    }

    @Test
    void exitsWithOneWhenNoTagPassesThePolicy() {
        CliRun run = CliRun.run("1.0.0\nlatest\n", "policy", "select", "--policy", "semver:^2");
        assertThat(run.status()).isEqualTo(PolicySelectCommand.NO_MATCH);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("no tag of 2 passes semver:^2");
    }

    @Test
    void keepsTheCurrentTagRatherThanMovingBackwards() {
        CliRun run = CliRun.run("1.4.2\n1.5.0\n", "policy", "select", "--policy", "semver:^1.4", "--current", "1.9.0");
        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("1.9.0\n");
        assertThat(run.err()).contains("current tag 1.9.0 is not older than 1.5.0");
    }

    @Test
    void exitsWithTwoForABadSpecOrBadInput(@TempDir Path dir) throws Exception {
        CliRun badSpec = CliRun.run("1.0.0\n", "policy", "select", "--policy", "semvr:^1");
        assertThat(badSpec.status()).isEqualTo(PolicySelectCommand.BAD_INPUT);
        assertThat(badSpec.err()).contains("unknown kind 'semvr'");
        CliRun badLine = CliRun.run("1.0.0 yesterday\n", "policy", "select", "--policy", "newest");
        assertThat(badLine.status()).isEqualTo(PolicySelectCommand.BAD_INPUT);
        assertThat(badLine.err()).contains("stdin:1: 'yesterday' is neither a digest nor a time");
        CliRun missing = CliRun.run("", "policy", "select", "--policy", "newest", "--tags-file", dir.resolve("nope").toString());
        assertThat(missing.status()).isEqualTo(PolicySelectCommand.BAD_INPUT);
        assertThat(missing.err()).contains("is not a readable file");
        CliRun backtracking = CliRun.run("a".repeat(30) + "!\n", "policy", "select", "--policy", "regex:^(.*a){12}$");
        assertThat(backtracking.status()).isEqualTo(PolicySelectCommand.BAD_INPUT);
        assertThat(backtracking.err()).contains("exceeded its evaluation budget");
    }
}
