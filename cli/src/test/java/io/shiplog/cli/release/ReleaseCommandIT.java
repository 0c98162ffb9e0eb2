package io.shiplog.cli.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplog.auditor.support.RunningAuditor;
import io.shiplog.cli.CliRun;
import io.shiplog.cli.ReleaseStack;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code shiplog release IMAGE:TAG} as a user runs it: git-writer commits the release, the cluster-applier applies
 * the commit to a real API server, and the CLI prints both and the trace from a running auditor. Real broker,
 * registry, git server and API server.
 */
class ReleaseCommandIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String CLUSTER = "rel-" + SUFFIX;
    private static final String NS = "rel-" + SUFFIX;
    private static final String IMAGE = "registry.test/" + SUFFIX + "/web";

    private static ReleaseStack stack;
    private static RunningAuditor auditor;

    @BeforeAll
    static void startTheServicesOnAnAppliedRepository() throws IOException {
        stack = ReleaseStack.start("cli-release", CLUSTER, NS, IMAGE);
        auditor = RunningAuditor.start(Files.createTempDirectory("cli-release-audit"));
    }

    @AfterAll
    static void stop() {
        if (auditor != null) {
            auditor.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aReleaseIsCommittedAppliedOnTheClusterAndTraced() {
        CliRun run = release(IMAGE + ":1.1.0", "--cluster", CLUSTER, "--requested-by", "dave");

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        Matcher committed = Pattern.compile("committed ([0-9a-f]{40}) to main of " + Pattern.quote(stack.repo.url()))
                .matcher(run.out());
        assertThat(committed.find()).as(run.out()).isTrue();
        String sha = committed.group(1);
        assertThat(GitServer.shared().head(stack.repo.name(), "main")).hasValue(sha);
        assertThat(GitServer.shared().readFile(stack.repo.name(), "main", "apps/web.yaml")).hasValueSatisfying(web ->
                assertThat(web).contains(IMAGE + ":1.1.0 # {\"$shiplog\": \"semver:^1\"}"));
        assertThat(run.out()).contains("release of " + IMAGE + ":1.1.0 requested by dave")
                .contains("applied " + sha + " on " + CLUSTER).contains("SUCCEEDED")
                .contains("release " + sha + " (commit)");
        assertThat(run.out()).containsPattern("committed\\s+\\S+\\s+" + sha)
                .containsPattern("applied\\s+\\S+\\s+" + CLUSTER + "\\s+SUCCEEDED");
    }

    @Test
    void aTagThePolicyDoesNotAdmitCommitsNothingAndExitsOneWithTheReason() {
        String before = GitServer.shared().head(stack.repo.name(), "main").orElseThrow();

        CliRun run = release(IMAGE + ":2.0.0");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("nothing committed in " + stack.repo.url()).contains("NOT_SELECTED_BY_POLICY");
        assertThat(GitServer.shared().head(stack.repo.name(), "main")).hasValue(before);
    }

    @Test
    void anImageWithoutATagIsAUsageError() {
        CliRun run = release(IMAGE);

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("'" + IMAGE + "' names no tag");
    }

    private static CliRun release(String... args) {
        List<String> all = new ArrayList<>(List.of("release"));
        all.addAll(List.of(args));
        all.addAll(List.of("--bootstrap-servers", KafkaBroker.shared().bootstrapServers(),
                "--registry-url", SchemaRegistry.shared().url().toString(), "--timeout", "2m",
                "--url", "http://127.0.0.1:" + auditor.port(), "--token", RunningAuditor.TOKEN));
        return CliRun.run("", all.toArray(String[]::new));
    }
}
