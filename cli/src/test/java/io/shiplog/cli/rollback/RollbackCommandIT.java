package io.shiplog.cli.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.shiplog.cli.CliRun;
import io.shiplog.cli.ReleaseStack;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code shiplog rollback} as a user runs it: after two releases, git-writer commits the first release's image back
 * and locks the workload, the cluster-applier applies it to a real API server, and a third release leaves it alone.
 * Real broker, registry, git server and API server.
 */
class RollbackCommandIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String CLUSTER = "rb-" + SUFFIX;
    private static final String NS = "rb-" + SUFFIX;
    private static final String IMAGE = "registry.test/" + SUFFIX + "/web";

    private static ReleaseStack stack;

    @BeforeAll
    static void startTheServicesOnAnAppliedRepository() throws IOException {
        stack = ReleaseStack.start("cli-rollback", CLUSTER, NS, IMAGE);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aRollbackToTheFirstReleaseCommitsItsImageLocksTheWorkloadAndTheClusterRunsIt() throws Exception {
        String first = committed(run("release", IMAGE + ":1.1.0", "--cluster", CLUSTER, "--no-trace"));
        committed(run("release", IMAGE + ":1.2.0", "--cluster", CLUSTER, "--no-trace"));

        CliRun rollback = run("rollback", "--cluster", CLUSTER, "--to", first, "--requested-by", "dave",
                "--reason", "1.2.0 breaks checkout");

        assertThat(rollback.status()).as(rollback.out() + rollback.err()).isZero();
        String sha = committed(rollback);
        assertThat(rollback.out()).contains("rollback of cluster " + CLUSTER + " to commit " + first
                        + " requested by dave")
                .contains("  apps/web.yaml: " + IMAGE + ":1.2.0 -> " + IMAGE + ":1.1.0")
                .contains("applied " + sha + " on " + CLUSTER).contains("SUCCEEDED");
        String web = GitServer.shared().readFile(stack.repo.name(), "main", "apps/web.yaml").orElseThrow();
        assertThat(web).contains(IMAGE + ":1.1.0 # {\"$shiplog\": \"semver:^1\"}")
                .contains("shiplog.io/locked: \"true\"");
        assertThat(runningImage()).isEqualTo(IMAGE + ":1.1.0");

        CliRun third = run("release", IMAGE + ":1.3.0", "--cluster", CLUSTER, "--no-trace", "--timeout", "1m");

        assertThat(third.status()).as(third.out() + third.err()).isEqualTo(1);
        assertThat(third.out()).contains("LOCKED");
        assertThat(GitServer.shared().head(stack.repo.name(), "main")).hasValue(sha);
        assertThat(runningImage()).isEqualTo(IMAGE + ":1.1.0");
    }

    @Test
    void anUnknownClusterIsRefusedWithExitOne() {
        CliRun run = run("rollback", "--cluster", "nowhere-" + SUFFIX, "--to", "2h", "--timeout", "1m");

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.err()).contains("refused by").contains("unknown cluster 'nowhere-" + SUFFIX + "'");
    }

    private static String runningImage() throws Exception {
        return new AppsV1Api(KubeCluster.shared().apiClient()).readNamespacedDeployment("web", NS).execute()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private static String committed(CliRun run) {
        Matcher committed = Pattern.compile("committed ([0-9a-f]{40}) to main").matcher(run.out());
        assertThat(committed.find()).as(run.out() + run.err()).isTrue();
        return committed.group(1);
    }

    private static CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", KafkaBroker.shared().bootstrapServers(),
                "--registry-url", SchemaRegistry.shared().url().toString()));
        if (!all.contains("--timeout")) {
            all.addAll(List.of("--timeout", "2m"));
        }
        return CliRun.run("", all.toArray(String[]::new));
    }
}
