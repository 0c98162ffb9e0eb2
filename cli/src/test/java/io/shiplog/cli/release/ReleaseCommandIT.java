package io.shiplog.cli.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.shiplog.applier.support.AppliesLog;
import io.shiplog.applier.support.Manifests;
import io.shiplog.auditor.support.RunningAuditor;
import io.shiplog.cli.CliRun;
import io.shiplog.cli.ReleaseStack;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.local.git.GitCommit;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        assertThat(run.out()).contains("release of " + IMAGE + ":1.1.0 in " + CLUSTER + " requested by dave")
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
    void aReleaseToOneOfTwoAppsOfAClusterUsingTheImageCommitsAndAppliesOnlyThatApp() throws Exception {
        String worker = "registry.test/" + SUFFIX + "/worker";
        String seed;
        try (AppliesLog applies = new AppliesLog()) {
            // other/ is outside the cluster's path (apps): its orders is no workload of the cluster
            seed = stack.repo.push(Map.of("apps/orders.yaml", marked("orders", worker + ":1.0.0"),
                    "apps/billing.yaml", marked("billing", worker + ":1.0.0"),
                    "other/orders.yaml", marked("orders", worker + ":1.0.0")));
            applies.awaitCompleted(CLUSTER, seed, ApplyTrigger.COMMIT);
        }

        CliRun run = release(worker + ":1.1.0", "--app", "orders", "--cluster", CLUSTER, "--no-trace");

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("release of " + worker + ":1.1.0 to orders in " + CLUSTER + " requested by");
        Matcher committed = Pattern.compile("committed ([0-9a-f]{40}) to main").matcher(run.out());
        assertThat(committed.find()).as(run.out()).isTrue();
        String sha = committed.group(1);
        GitCommit commit = GitServer.shared().log(stack.repo.name(), "main").get(0);
        assertThat(commit.sha()).isEqualTo(sha);
        assertThat(commit.parents()).containsExactly(seed);
        assertThat(commit.changedPaths()).containsExactly("apps/orders.yaml");
        assertThat(GitServer.shared().readFile(stack.repo.name(), sha, "apps/orders.yaml")).hasValue(
                marked("orders", worker + ":1.1.0"));
        assertThat(GitServer.shared().readFile(stack.repo.name(), sha, "apps/billing.yaml")).hasValue(
                marked("billing", worker + ":1.0.0"));
        assertThat(GitServer.shared().readFile(stack.repo.name(), sha, "other/orders.yaml")).hasValue(
                marked("orders", worker + ":1.0.0"));
        assertThat(run.out()).contains("applied " + sha + " on " + CLUSTER).contains("SUCCEEDED");
        assertThat(runningImage("orders")).isEqualTo(worker + ":1.1.0");
        assertThat(runningImage("billing")).isEqualTo(worker + ":1.0.0");
    }

    @Test
    void anAppWithNoImageOfTheRepositoryRefusesTheReleaseNamingTheAppAndExitsOne() {
        String before = GitServer.shared().head(stack.repo.name(), "main").orElseThrow();

        CliRun run = release(IMAGE + ":1.1.0", "--app", "web", "--app", "checkout", "--no-trace");

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("nothing committed in " + stack.repo.url() + " (NO_USAGE): app 'checkout' has "
                + "no automated image of " + IMAGE);
        assertThat(GitServer.shared().head(stack.repo.name(), "main")).hasValue(before);
    }

    @Test
    void aClusterGitWriterDoesNotKnowIsRefusedNamingItAndExitsOne() {
        String before = GitServer.shared().head(stack.repo.name(), "main").orElseThrow();

        CliRun run = release(IMAGE + ":1.1.0", "--cluster", "nowhere-" + SUFFIX, "--no-trace");

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.err()).contains("refused by").contains("unknown cluster 'nowhere-" + SUFFIX + "'");
        assertThat(GitServer.shared().head(stack.repo.name(), "main")).hasValue(before);
    }

    @Test
    void anEmptyAppIsAUsageError() {
        CliRun run = release(IMAGE + ":1.1.0", "--app", " ");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--app needs a workload name or a repository path");
    }

    @Test
    void anImageWithoutATagIsAUsageError() {
        CliRun run = release(IMAGE);

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("'" + IMAGE + "' names no tag");
    }

    /** A Deployment in the test's namespace whose one container runs {@code image}, following semver:^1. */
    private static String marked(String name, String image) {
        return Manifests.deployment(NS, name, image).replace(image, image + " # {\"$shiplog\": \"semver:^1\"}");
    }

    private static String runningImage(String deployment) throws Exception {
        return new AppsV1Api(KubeCluster.shared().apiClient()).readNamespacedDeployment(deployment, NS).execute()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
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
