package io.shiplog.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.applier.cluster.ClusterStatus;
import io.shiplog.applier.cluster.ClusterWorkers;
import io.shiplog.applier.support.AppliesLog;
import io.shiplog.applier.support.ClusterConfig;
import io.shiplog.applier.support.ConfigRepo;
import io.shiplog.applier.support.Kafka;
import io.shiplog.applier.support.Manifests;
import io.shiplog.applier.support.RunningApplier;
import io.shiplog.cli.CliRun;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ApplyStatus;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.events.SuspensionChanged;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code shiplog reconcile|suspend|resume cluster} as a user runs them against a running cluster-applier: the command
 * goes through {@code shiplog.commands}, the applier executes it and the CLI prints its answer. Real broker,
 * registry, git server and API server.
 */
class ClusterCommandsIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String CLUSTER = "ops-" + SUFFIX;
    private static final String NS = "ops-" + SUFFIX;

    private static ConfigRepo repo;
    private static AppliesLog log;
    private static RunningApplier applier;

    @BeforeAll
    static void startApplierWithOneAppliedCommit() {
        log = new AppliesLog();
        repo = ConfigRepo.create(GitServer.shared(), "cli-ops", Kafka.events());
        applier = RunningApplier.start(Map.of("config", repo.url()),
                List.of(ClusterConfig.of(CLUSTER, "config", KubeCluster.shared().kubeconfigPath(), "apps")));
        String first = repo.push(Map.of("apps/namespace.yaml", Manifests.namespace(NS),
                "apps/config.yaml", Manifests.configMap(NS, "release", "0")));
        log.awaitCompleted(CLUSTER, first, ApplyTrigger.COMMIT);
    }

    @AfterAll
    static void stop() {
        if (applier != null) {
            applier.close();
        }
        if (log != null) {
            log.close();
        }
    }

    @Test
    void reconcileAppliesTheClustersBranchNowAndPrintsTheOutcome() {
        String head = repo.head();

        CliRun run = cli("reconcile", "cluster", CLUSTER, "--requested-by", "carol");

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("reconcile of " + CLUSTER + " requested by carol")
                .contains("applying commit " + head + " to " + CLUSTER)
                .contains("applied commit " + head + " to " + CLUSTER).contains("SUCCEEDED");
        assertThat(log.completed(CLUSTER)).anySatisfy(c -> {
            assertThat(c.getTrigger()).isEqualTo(ApplyTrigger.COMMAND);
            assertThat(c.getStatus()).isEqualTo(ApplyStatus.SUCCEEDED);
        });
    }

    @Test
    void suspendHoldsNewCommitsBackUntilResumeAndTheLogSaysWhoAsked() {
        CliRun suspend = cli("suspend", "cluster", CLUSTER, "--requested-by", "alice", "--reason", "incident 42");

        assertThat(suspend.status()).as(suspend.out() + suspend.err()).isZero();
        assertThat(suspend.out()).contains("cluster " + CLUSTER + " is suspended");
        assertThat(status().suspended()).isTrue();
        assertThat(suspensions()).anySatisfy(s -> {
            assertThat(s.getSuspended()).isTrue();
            assertThat(s.getRequestedBy()).isEqualTo("alice");
            assertThat(s.getReason()).isEqualTo("incident 42");
        });

        String held = repo.push(Map.of("apps/config.yaml", Manifests.configMap(NS, "release", "held")));
        await("the held commit pending").atMost(Duration.ofSeconds(30)).until(() -> held.equals(status()
                .pendingCommit()));
        assertThat(log.completed(CLUSTER)).extracting(ApplyCompleted::getCommitSha).doesNotContain(held);

        CliRun resume = cli("resume", "cluster", CLUSTER, "--requested-by", "alice");

        assertThat(resume.status()).as(resume.out() + resume.err()).isZero();
        assertThat(resume.out()).contains("cluster " + CLUSTER + " is applied again");
        assertThat(status().suspended()).isFalse();
        log.awaitCompleted(CLUSTER, held, ApplyTrigger.COMMIT);
    }

    @Test
    void aCommandForAClusterTheFleetFileDoesNotNameIsRefusedWithTheReason() {
        String unknown = "nowhere-" + SUFFIX;

        CliRun run = cli("suspend", "cluster", unknown);

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("refused by").contains("no cluster named '" + unknown
                + "' is in the fleet file");
        assertThat(status().suspended()).as("the configured cluster is untouched").isFalse();
    }

    @Test
    void aBadTimeoutIsAUsageError() {
        CliRun run = cli("reconcile", "cluster", CLUSTER, "--timeout", "later");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("'later' is not a duration");
    }

    private static ClusterStatus status() {
        return applier.context().getBean(ClusterWorkers.class).named(CLUSTER).orElseThrow().status();
    }

    private static List<SuspensionChanged> suspensions() {
        return log.events().stream().map(ApplyEvent::getPayload).filter(SuspensionChanged.class::isInstance)
                .map(SuspensionChanged.class::cast).filter(s -> s.getCluster().equals(CLUSTER)).toList();
    }

    private static CliRun cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", KafkaBroker.shared().bootstrapServers(),
                "--registry-url", SchemaRegistry.shared().url().toString(), "--timeout", "90s"));
        if (List.of(args).contains("--timeout")) {
            all = new ArrayList<>(all.subList(0, all.size() - 2));
        }
        return CliRun.run("", all.toArray(String[]::new));
    }
}
