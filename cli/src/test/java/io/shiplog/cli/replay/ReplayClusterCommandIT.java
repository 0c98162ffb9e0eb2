package io.shiplog.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.PatchOptions;
import io.shiplog.applier.support.AppliesLog;
import io.shiplog.applier.support.ClusterConfig;
import io.shiplog.applier.support.ConfigRepo;
import io.shiplog.applier.support.Kafka;
import io.shiplog.applier.support.Manifests;
import io.shiplog.applier.support.RunningApplier;
import io.shiplog.cli.CliRun;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ApplyFailed;
import io.shiplog.events.ApplyStatus;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectResult;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.kube.KubeResource;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * {@code shiplog replay cluster} as a user runs it: with {@code --kubeconfig} the CLI itself rebuilds a fresh API
 * server that no applier knows from what the log recorded; without it a running applier executes the command.
 * Real broker, registry, git server and API servers.
 */
class ReplayClusterCommandIT {

    private static final Gson GSON = new Gson();
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String CLUSTER = "lost-" + SUFFIX;
    private static final String NS = "shop-" + SUFFIX;
    private static final List<String[]> OBJECTS = List.of(
            new String[] {"v1", "Namespace", null, NS},
            new String[] {"v1", "ConfigMap", NS, "settings"},
            new String[] {"apps/v1", "Deployment", NS, "web"},
            new String[] {"v1", "Service", NS, "web"});

    private static KubeCluster original;
    private static AppliesLog log;
    private static ConfigRepo repo;
    private static Path applierConfig;
    private static String applied;
    private static String broken;
    private static final List<KubeCluster> fresh = new ArrayList<>();

    @BeforeAll
    static void applyACommitThenStopTheApplier() throws IOException {
        original = KubeCluster.shared();
        log = new AppliesLog();
        repo = ConfigRepo.create(GitServer.shared(), "cli-replay", Kafka.events());
        try (RunningApplier applier = RunningApplier.start(Map.of("config", repo.url()),
                List.of(ClusterConfig.of(CLUSTER, "config", original.kubeconfigPath(), "apps")))) {
            applied = repo.push(Manifests.webApp(NS, "one", "registry.local/web:1.0.0"));
            log.awaitCompleted(CLUSTER, applied, ApplyTrigger.COMMIT);
        }
        // a later commit that no applier ever applied: its Service has a port the API server rejects
        broken = repo.commit(Map.of("apps/broken.yaml", Manifests.service(NS, "broken").replace("port: 80",
                "port: 70000")), List.of(), "a Service with a port out of range");
        applierConfig = writeApplierConfig();
    }

    @AfterAll
    static void stop() {
        fresh.forEach(KubeCluster::close);
        if (log != null) {
            log.close();
        }
    }

    @Test
    void replayWithKubeconfigRebuildsAFreshApiServerWithObjectsEqualToTheOriginal() {
        KubeCluster replacement = freshCluster("replacement");

        CliRun run = replay("--kubeconfig", replacement.kubeconfigPath().toString());

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("replayed commit " + applied + " to " + CLUSTER).contains("SUCCEEDED");
        ApplyCompleted recorded = recorded(run, ApplyCompleted.class);
        assertThat(recorded.getTrigger()).isEqualTo(ApplyTrigger.REPLAY);
        assertThat(recorded.getCommitSha()).isEqualTo(applied);
        assertThat(recorded.getStatus()).isEqualTo(ApplyStatus.SUCCEEDED);
        assertThat(recorded.getResults()).extracting(ObjectResult::getAction).hasSize(4)
                .containsOnly(ObjectAction.CREATED);
        for (String[] o : OBJECTS) {
            assertThat(comparable(live(replacement, o))).as(o[1] + " " + o[3])
                    .isEqualTo(comparable(live(original, o)));
            assertThat(comparable(dryRunOriginalOnto(replacement, o))).as("dry-run of the original " + o[1] + " "
                    + o[3] + " on the replacement").isEqualTo(comparable(live(replacement, o)));
        }
        assertThat(run.out() + run.err()).doesNotContain(GitServer.shared().password())
                .doesNotContain(replacement.adminToken());
    }

    @Test
    void replayWithKubeconfigOfACommitWithARejectedObjectExitsOneNamingIt() {
        KubeCluster replacement = freshCluster("rejects");

        CliRun run = replay("--kubeconfig", replacement.kubeconfigPath().toString(), "--commit", broken);

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("PARTIALLY_FAILED").contains("failed Service " + NS + "/broken: ");
        assertThat(live(replacement, OBJECTS.get(1)).getAsJsonObject("data").get("value").getAsString())
                .isEqualTo("one");
        ApplyCompleted recorded = recorded(run, ApplyCompleted.class);
        assertThat(recorded.getCommitSha()).isEqualTo(broken);
        assertThat(recorded.getResults()).filteredOn(r -> r.getAction() == ObjectAction.FAILED)
                .extracting(r -> r.getObject().getName()).containsExactly("broken");
    }

    @Test
    void replayWithKubeconfigAtATimeBeforeAnyApplyExitsOneWithTheReason() {
        KubeCluster replacement = freshCluster("too-early");

        CliRun run = replay("--kubeconfig", replacement.kubeconfigPath().toString(), "--at", "2001-01-01T00:00:00Z");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("replay failed (LOAD_FAILED): no successful apply of cluster " + CLUSTER
                + " at or before 2001-01-01T00:00:00Z in the log");
        ApplyFailed failed = recorded(run, ApplyFailed.class);
        assertThat(failed.getTrigger()).isEqualTo(ApplyTrigger.REPLAY);
    }

    @Test
    void badOptionsExitTwoWithAClearMessage() {
        Path kubeconfig = original.kubeconfigPath();

        CliRun both = replay("--at", "2026-01-01T00:00:00Z", "--commit", applied);
        assertThat(both.status()).isEqualTo(2);
        assertThat(both.err()).contains("give --at or --commit, not both");

        CliRun badTime = replay("--at", "yesterday");
        assertThat(badTime.status()).isEqualTo(2);
        assertThat(badTime.err()).contains("--at").contains("'yesterday' is neither an ISO-8601 time");

        CliRun noConfig = CliRun.run("", withLog("replay", "cluster", "--cluster", CLUSTER, "--kubeconfig",
                kubeconfig.toString()));
        assertThat(noConfig.status()).isEqualTo(2);
        assertThat(noConfig.err()).contains("--kubeconfig needs --config");

        CliRun unknown = CliRun.run("", withLog("replay", "cluster", "--cluster", "nowhere-" + SUFFIX,
                "--kubeconfig", kubeconfig.toString(), "--config", applierConfig.toString()));
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("cluster 'nowhere-" + SUFFIX + "' is not in the applier configuration");

        CliRun missingFile = replay("--kubeconfig", kubeconfig.toString(), "--config", "/nonexistent/applier.yml");
        assertThat(missingFile.status()).isEqualTo(2);
        assertThat(missingFile.err()).contains("/nonexistent/applier.yml is not a readable file");
    }

    @Test
    void replayThroughTheCommandTopicExitsZeroWhenTheApplierReplaysAndOneWhenNoApplierAnswers() {
        try (RunningApplier applier = RunningApplier.start(Map.of("config", repo.url()),
                List.of(ClusterConfig.of(CLUSTER, "config", original.kubeconfigPath(), "apps")))) {
            CliRun run = replay();
            assertThat(run.status()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("replayed commit " + applied + " to " + CLUSTER).contains("SUCCEEDED");
        }
        CliRun unanswered = CliRun.run("", withLog("replay", "cluster", "--cluster", "nobody-" + SUFFIX,
                "--timeout", "PT3S"));
        assertThat(unanswered.status()).isEqualTo(1);
        assertThat(unanswered.err()).contains("no answer from a cluster-applier for nobody-" + SUFFIX);
    }

    private static CliRun replay(String... options) {
        List<String> args = new ArrayList<>(List.of("replay", "cluster", "--cluster", CLUSTER));
        args.addAll(List.of(options));
        if (args.contains("--kubeconfig") && !args.contains("--config")) {
            args.addAll(List.of("--config", applierConfig.toString()));
        }
        return CliRun.run("", withLog(args.toArray(String[]::new)));
    }

    private static String[] withLog(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", KafkaBroker.shared().bootstrapServers(),
                "--registry-url", SchemaRegistry.shared().url().toString()));
        return all.toArray(String[]::new);
    }

    private static KubeCluster freshCluster(String name) {
        KubeCluster cluster = KubeCluster.start(name + "-" + SUFFIX);
        synchronized (fresh) {
            fresh.add(cluster);
        }
        return cluster;
    }

    /** The cluster-applier's own configuration file, as an operator keeps it (the lost cluster's kubeconfig). */
    private static Path writeApplierConfig() throws IOException {
        GitServer git = GitServer.shared();
        String yaml = """
                shiplog:
                  applier:
                    repositories:
                      - name: config
                        url: %s
                        username: %s
                        password: ${CLI_REPLAY_IT_PASSWORD:%s}
                    clusters:
                      - name: %s
                        repository: config
                        paths: [apps]
                        kubeconfig: %s
                    tuning:
                      health-timeout: 0s
                      request-timeout: 10s
                """.formatted(repo.url(), git.username(), git.password(), CLUSTER, original.kubeconfigPath());
        Path file = Files.createTempFile("cluster-applier-", ".yml");
        file.toFile().deleteOnExit();
        return Files.writeString(file, yaml);
    }

    private static JsonObject live(KubeCluster cluster, String[] o) {
        return cluster.applier().get(o[0], o[1], o[2], o[3]).orElseThrow(() -> new AssertionError(o[1] + " "
                + o[3] + " missing in " + cluster.name())).getRaw();
    }

    /**
     * A server-side apply dry-run, on {@code target}, of the original cluster's object as it is stored there (its
     * server-set fields removed): what the target would hold if the original were applied to it.
     */
    private static JsonObject dryRunOriginalOnto(KubeCluster target, String[] o) {
        JsonObject body = strip(live(original, o));
        KubeResource resource = target.applier().resolve(o[0], o[1]);
        DynamicKubernetesApi api = new DynamicKubernetesApi(resource.group(), resource.version(), resource.plural(),
                target.apiClient());
        PatchOptions options = new PatchOptions();
        options.setFieldManager("replay-check");
        options.setForce(true);
        options.setDryRun("All");
        V1Patch patch = new V1Patch(GSON.toJson(body));
        KubernetesApiResponse<DynamicKubernetesObject> response = resource.namespaced()
                ? api.patch(o[2], o[3], V1Patch.PATCH_FORMAT_APPLY_YAML, patch, options)
                : api.patch(o[3], V1Patch.PATCH_FORMAT_APPLY_YAML, patch, options);
        assertThat(response.isSuccess()).as("dry-run of %s %s: %s", o[1], o[3], response.getStatus()).isTrue();
        return response.getObject().getRaw();
    }

    /** The object without what each API server sets on its own: identity, versions, times, status, cluster IPs. */
    private static JsonObject strip(JsonObject live) {
        JsonObject object = live.deepCopy();
        object.remove("status");
        JsonObject metadata = object.getAsJsonObject("metadata");
        for (String field : List.of("uid", "resourceVersion", "creationTimestamp", "managedFields", "generation")) {
            metadata.remove(field);
        }
        JsonElement spec = object.get("spec");
        if (spec != null && spec.isJsonObject()) {
            for (String field : List.of("clusterIP", "clusterIPs")) {
                spec.getAsJsonObject().remove(field);
            }
        }
        return object;
    }

    private static String comparable(JsonObject object) {
        return strip(object).toString();
    }

    /** The event of type {@code type} that the replay printed by {@code run} recorded on {@code shiplog.applies}. */
    private static <T> T recorded(CliRun run, Class<T> type) {
        Matcher release = Pattern.compile("release ([0-9a-f-]{36})").matcher(run.out());
        assertThat(release.find()).as("release id in: " + run.out()).isTrue();
        return await("the replay's " + type.getSimpleName() + " in shiplog.applies").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> log.events().stream()
                        .filter(e -> e.getMeta().getCorrelationId().equals(release.group(1)))
                        .map(ApplyEvent::getPayload).filter(type::isInstance).map(type::cast).findFirst()
                        .orElse(null), e -> e != null);
    }
}
