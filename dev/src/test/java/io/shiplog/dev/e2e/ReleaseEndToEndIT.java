package io.shiplog.dev.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.PatchOptions;
import io.shiplog.dev.DevEnvironment;
import io.shiplog.dev.DevMain;
import io.shiplog.dev.DevOptions;
import io.shiplog.dev.demo.DemoInfrastructure;
import io.shiplog.dev.demo.DemoRepository;
import io.shiplog.dev.deploy.ObservabilityFiles;
import io.shiplog.dev.release.ReleaseTracker;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ApplyFailed;
import io.shiplog.events.CommitEvent;
import io.shiplog.events.CommitObserved;
import io.shiplog.events.DriftDetected;
import io.shiplog.events.DriftEvent;
import io.shiplog.events.DriftResolved;
import io.shiplog.local.kafka.TopicTail;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.oci.PushedImage;
import io.shiplog.schemas.serde.AvroSerdeConfig;
import io.shiplog.schemas.serde.ShiplogAvroDeserializer;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The whole chain, all real: a broker, the schema registry, Debian's docker-registry notifying the scanner, a git
 * server, three API servers, and the four services started from one fleet file (the demo's, with three clusters, a
 * fault switch in front of each API server, and drift in {@code correct} mode on the first).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleaseEndToEndIT {

    private static final List<String> CLUSTERS = List.of("e2e-a", "e2e-b", "e2e-c");
    private static final Duration RELEASE = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OTLP_ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";
    private static final List<String> SERVICES = List.of("registry-scanner", "git-writer", "cluster-applier",
            "drift-auditor");

    private static DevEnvironment env;
    private static DemoInfrastructure demo;
    private static ReleaseTracker tracker;
    private static TopicTail log;
    private static OtlpReceiver traces;

    @BeforeAll
    static void startTheWholeSystemFromOneFleetFile() throws Exception {
        // every log line from here on is searched for secrets at the end
        SecretSearch.start();
        // the services export their spans as a platform's collector would receive them (off unless configured)
        traces = OtlpReceiver.start();
        System.setProperty(OTLP_ENDPOINT, traces.tracesEndpoint());
        env = DevEnvironment.start(DevOptions.ephemeral().withDemo(new DemoInfrastructure.Options(CLUSTERS, true,
                Map.of("e2e-a", "correct"))));
        demo = env.demo().orElseThrow();
        tracker = ReleaseTracker.followFromBeginning(env.bootstrapServers(), env.registryUrl());
        log = TopicTail.fromBeginning(env.bootstrapServers(), Map.of(
                "value.deserializer", ShiplogAvroDeserializer.class.getName(),
                "schema.registry.url", env.registryUrl(), AvroSerdeConfig.SPECIFIC_AVRO_READER, true),
                List.of(TopicCatalogue.COMMITS.name(), TopicCatalogue.APPLIES.name(), TopicCatalogue.DRIFT.name()));
        String head = demo.head();
        await("the first commit applied everywhere").atMost(Duration.ofMinutes(2))
                .until(() -> tracker.applies(head, Set.copyOf(CLUSTERS)).size() == CLUSTERS.size());
    }

    @AfterAll
    static void stop() {
        SecretSearch.stop();
        System.clearProperty(OTLP_ENDPOINT);
        if (traces != null) {
            traces.close();
        }
        if (log != null) {
            log.close();
        }
        if (tracker != null) {
            tracker.close();
        }
        if (env != null) {
            env.close();
        }
    }

    @Test
    @Order(1)
    void aPushedTagIsFoundCommittedAndAppliedOnEveryClusterAndTracedAsOneRelease() throws Exception {
        ReleaseTracker.Release release = pushAndAwait("1.1.0");

        assertThat(release.discovery().source()).isEqualTo("WEBHOOK");
        assertThat(release.commit().correlationId()).isEqualTo(release.discovery().correlationId());
        assertThat(release.applies().values()).allSatisfy(apply ->
                assertThat(apply.correlationId()).isEqualTo(release.discovery().correlationId()));
        for (String cluster : CLUSTERS) {
            for (String workload : DemoRepository.WORKLOADS) {
                assertThat(image(cluster, workload)).as(workload + " on " + cluster)
                        .isEqualTo(demo.image() + ":1.1.0");
            }
        }
        JsonNode trace = awaitTrace(demo.image() + ":1.1.0", CLUSTERS.size());
        assertThat(trace.path("discovered").get(0).path("source").asString()).isEqualTo("WEBHOOK");
        assertThat(trace.path("commits")).singleElement().satisfies(commit -> {
            assertThat(commit.path("sha").asString()).isEqualTo(release.commit().sha());
            assertThat(commit.path("sinceDiscoveryMs").asLong()).isNotNegative();
        });
        assertThat(trace.path("applies")).extracting(a -> a.path("cluster").asString())
                .containsExactlyInAnyOrderElementsOf(CLUSTERS);
        assertThat(trace.path("applies")).allSatisfy(a -> assertThat(a.path("sinceCommitMs").asLong())
                .isNotNegative());
        assertThat(trace.path("discoveredToLastApplyMs").asLong()).isPositive();
        assertThat(cli("audit", "trace", demo.image() + ":1.1.0")).contains("discovered", "committed",
                release.commit().sha(), "applied", "e2e-a", "e2e-b", "e2e-c");
    }

    @Test
    @Order(2)
    void aTagOutsideEveryPolicyIsFoundButNotCommittedAndTheTraceSaysWhy() throws Exception {
        demo.registry().pusher().push(DemoRepository.IMAGE, "2.0.0");
        await("2.0.0 found").atMost(RELEASE).until(() -> tracker.discovery(demo.image(), "2.0.0").isPresent());
        ReleaseTracker.Discovery found = tracker.discovery(demo.image(), "2.0.0").orElseThrow();
        await("2.0.0 skipped").atMost(RELEASE).until(() -> tracker.skips(found).size()
                == DemoRepository.WORKLOADS.size());

        assertThat(tracker.skips(found)).allSatisfy(skip -> assertThat(skip).startsWith("NOT_SELECTED_BY_POLICY"));
        assertThat(tracker.commit(found)).isEmpty();
        JsonNode trace = awaitTraceSkips(demo.image() + ":2.0.0");
        assertThat(trace.path("skipped")).allSatisfy(skip -> assertThat(skip.path("detail").asString())
                .contains("2.0.0 is not selected by policy"));
    }

    @Test
    @Order(3)
    void aNewMarkerTakesItsPolicysChoiceAtOnceAndARepushedLatestRollsEveryCluster() throws Exception {
        PushedImage first = demo.registry().pusher().push(DemoRepository.IMAGE, "latest");
        await("latest found").atMost(RELEASE).until(() -> tracker.discovery(demo.image(), "latest").isPresent());
        String worker = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\n  namespace: demo\n"
                + "spec:\n  selector:\n    matchLabels: {app: worker}\n  template:\n    metadata:\n"
                + "      labels: {app: worker}\n    spec:\n      containers:\n        - name: worker\n"
                + "          image: " + demo.image() + ":latest # {\"$shiplog\": \"digest:latest\"}\n";

        demo.commitAsPerson(Map.of("apps/demo/worker.yaml", worker), "Add the worker, following latest");

        await("the new marker pinned to latest's digest without a new push").atMost(RELEASE).untilAsserted(() ->
                assertThat(CLUSTERS).allSatisfy(c -> assertThat(image(c, "worker")).isEqualTo(demo.image()
                        + ":latest@" + first.digest())));

        PushedImage second = demo.registry().pusher().repush(first);

        assertThat(second.digest()).isNotEqualTo(first.digest());
        await("worker rolled to the re-pushed latest").atMost(RELEASE).untilAsserted(() -> assertThat(CLUSTERS)
                .allSatisfy(c -> assertThat(image(c, "worker")).isEqualTo(demo.image() + ":latest@"
                        + second.digest())));
    }

    @Test
    @Order(4)
    void aHumanCommitReachesEveryClusterAndOneRacingAReleaseLosesNeither() throws Exception {
        String human = demo.commitAsPerson(Map.of("apps/demo/settings.yaml", settings("human")),
                "Tune the settings");
        await("the human commit applied everywhere").atMost(RELEASE).until(() ->
                tracker.applies(human, Set.copyOf(CLUSTERS)).size() == CLUSTERS.size());
        assertThat(log.values(CommitEvent.class, e -> e.getPayload() instanceof CommitObserved o
                && o.getSha().equals(human))).hasSize(1);

        Thread racer = new Thread(() -> demo.commitAsPerson(Map.of("apps/demo/settings.yaml", settings("raced")),
                "Tune the settings again, during a release"));
        racer.start();
        demo.registry().pusher().push(DemoRepository.IMAGE, "1.5.0");
        racer.join();

        await("both the release and the racing commit are live everywhere").atMost(RELEASE).untilAsserted(() ->
                assertThat(CLUSTERS).allSatisfy(c -> {
                    assertThat(image(c, "web-shiplog")).isEqualTo(demo.image() + ":1.5.0");
                    assertThat(configValue(c, "settings", "mode")).isEqualTo("raced");
                }));
    }

    @Test
    @Order(5)
    void aClusterThatIsDownDuringAReleaseCatchesUpWhenItReturns() throws Exception {
        demo.faultSwitch("e2e-c").block();
        try {
            demo.registry().pusher().push(DemoRepository.IMAGE, "1.7.0");
            ReleaseTracker.Discovery found = await("1.7.0 found").atMost(RELEASE).until(
                    () -> tracker.discovery(demo.image(), "1.7.0").orElse(null), d -> d != null);
            ReleaseTracker.Commit commit = await("1.7.0 committed").atMost(RELEASE).until(
                    () -> tracker.commit(found).orElse(null), c -> c != null);
            await("applied on the two that are up").atMost(RELEASE).until(() -> tracker.applies(commit.sha(),
                    Set.of("e2e-a", "e2e-b")).size() == 2);
            await("e2e-c reports itself unreachable").atMost(RELEASE).until(() -> !log.values(ApplyEvent.class,
                    e -> e.getPayload() instanceof ApplyFailed f && f.getCluster().equals("e2e-c")
                            && f.getCommitSha().equals(commit.sha())).isEmpty());
            assertThat(tracker.applies(commit.sha(), Set.of("e2e-c"))).isEmpty();
        } finally {
            demo.faultSwitch("e2e-c").unblock();
        }
        await("e2e-c caught up").atMost(RELEASE).untilAsserted(() ->
                assertThat(image("e2e-c", "web-keel")).isEqualTo(demo.image() + ":1.7.0"));
    }

    @Test
    @Order(6)
    void driftIsReportedOnAReportClusterAndCorrectedOnACorrectCluster() throws Exception {
        String current = image("e2e-b", "web-flux-v1");
        try {
            patchImage("e2e-b", "web-flux-v1", "nginx:drifted");
            patchImage("e2e-a", "web-flux-v1", "nginx:drifted");

            await("drift reported on e2e-b").atMost(RELEASE).until(() -> detected("e2e-b", "web-flux-v1"));
            await("drift on e2e-a detected and corrected").atMost(RELEASE).untilAsserted(() -> {
                assertThat(detected("e2e-a", "web-flux-v1")).isTrue();
                assertThat(image("e2e-a", "web-flux-v1")).isEqualTo(current);
            });
            await("e2e-a's drift resolved").atMost(RELEASE).until(() -> !log.values(DriftEvent.class,
                    e -> e.getPayload() instanceof DriftResolved r && r.getCluster().equals("e2e-a")
                            && r.getObject().getName().equals("web-flux-v1")).isEmpty());
            assertThat(image("e2e-b", "web-flux-v1")).as("report mode leaves the cluster alone")
                    .isEqualTo("nginx:drifted");
        } finally {
            patchImage("e2e-b", "web-flux-v1", current);
        }
    }

    @Test
    @Order(7)
    void anEmptyApiServerIsRebuiltByReplayClusterToTheSameObjects(@TempDir Path dir) throws Exception {
        try (KubeCluster fresh = KubeCluster.start("e2e-new")) {
            String out = cli("replay", "cluster", "--cluster", "e2e-b", "--kubeconfig",
                    fresh.kubeconfigPath().toString(), "--config", env.fleetFile().orElseThrow().toString(),
                    "--bootstrap-servers", env.bootstrapServers(), "--registry-url", env.registryUrl());
            assertThat(out).contains("replayed");
            KubeCluster original = demo.clusters().get(1);
            for (String workload : DemoRepository.WORKLOADS) {
                assertThat(fresh.applier().get("apps/v1", "Deployment", DemoRepository.NAMESPACE, workload)
                        .map(o -> containerImage(o))).as(workload)
                        .contains(containerImage(original.applier().get("apps/v1", "Deployment",
                                DemoRepository.NAMESPACE, workload).orElseThrow()));
            }
            assertThat(fresh.applier().get("v1", "ConfigMap", DemoRepository.NAMESPACE, "cluster-info")).isPresent();
        }
    }

    private static ReleaseTracker.Release pushAndAwait(String tag) throws Exception {
        demo.registry().pusher().push(DemoRepository.IMAGE, tag);
        return tracker.await(demo.image(), tag, new LinkedHashSet<>(CLUSTERS), RELEASE,
                io.shiplog.dev.release.ReleaseProgress.NONE);
    }

    private static boolean detected(String cluster, String name) {
        return !log.values(DriftEvent.class, e -> e.getPayload() instanceof DriftDetected d
                && d.getCluster().equals(cluster) && d.getObject().getName().equals(name)).isEmpty();
    }

    private static String settings(String mode) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: demo\ndata:\n  mode: "
                + mode + "\n";
    }

    private static KubeCluster cluster(String name) {
        return demo.clusters().get(CLUSTERS.indexOf(name));
    }

    private static String image(String cluster, String deployment) {
        return cluster(cluster).applier().get("apps/v1", "Deployment", DemoRepository.NAMESPACE, deployment)
                .map(ReleaseEndToEndIT::containerImage).orElse(null);
    }

    private static String containerImage(DynamicKubernetesObject deployment) {
        return deployment.getRaw().getAsJsonObject("spec").getAsJsonObject("template").getAsJsonObject("spec")
                .getAsJsonArray("containers").get(0).getAsJsonObject().get("image").getAsString();
    }

    private static String configValue(String cluster, String name, String key) {
        return cluster(cluster).applier().get("v1", "ConfigMap", DemoRepository.NAMESPACE, name)
                .map(o -> o.getRaw().getAsJsonObject("data").get(key).getAsString()).orElse(null);
    }

    /** Edits a live Deployment as a person with kubectl would (another field manager). */
    @Test
    @Order(8)
    void oneReleaseIsOneTraceFromTheRegistrysWebhookThroughEveryServiceToTheLastApply() throws Exception {
        ReleaseTracker.Release release = pushAndAwait("1.9.0");
        String correlation = release.discovery().correlationId();

        // spans are exported in batches, each service on its own schedule: the trace is whole once all arrived
        await("release " + correlation + " as one trace of the four services").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    String traceId = traceOf(correlation);
                    List<OtlpReceiver.ReceivedSpan> trace = traces.spans().stream()
                            .filter(s -> s.traceId().equals(traceId)).toList();
                    assertThat(traces.failures()).as("export requests the receiver could not read").isEmpty();
                    assertThat(servicesOf(traceId)).as("services in trace '" + traceId + "'")
                            .containsAll(SERVICES);
                    assertThat(trace).as("the webhook request that announced the tag is the trace's root")
                            .anySatisfy(span -> {
                                assertThat(span.service()).isEqualTo("registry-scanner");
                                assertThat(span.name()).containsIgnoringCase("webhooks/registry");
                                assertThat(span.parentSpanId()).isEmpty();
                            });
                    assertThat(trace).filteredOn(span -> span.name().equals("send shiplog.applies"))
                            .extracting(OtlpReceiver.ReceivedSpan::service).containsOnly("cluster-applier")
                            .hasSizeGreaterThanOrEqualTo(CLUSTERS.size());
                    assertThat(trace).filteredOn(span -> span.service().equals("drift-auditor"))
                            .extracting(OtlpReceiver.ReceivedSpan::name).contains("receive shiplog.applies");
                    assertThat(trace).filteredOn(span -> !span.parentSpanId().isEmpty())
                            .allSatisfy(span -> assertThat(trace).extracting(OtlpReceiver.ReceivedSpan::spanId)
                                    .as("the parent of " + span.name() + " in " + span.service())
                                    .contains(span.parentSpanId()));
                });
    }

    @Test
    @Order(10)
    void noSecretOfTheWholeRunIsInAnyTopicTheDeadLetterTopicOrAnyLogLine() throws Exception {
        List<String> secrets = new ArrayList<>();
        try (Stream<Path> files = Files.list(env.fleetFile().orElseThrow()
                .getParent().resolve("secrets"))) {
            for (Path file : files.toList()) {
                secrets.add(Files.readString(file).strip());
            }
        }
        secrets.add(env.apiToken());
        assertThat(secrets).as("the git password, the registry's webhook token, the audit token")
                .hasSizeGreaterThanOrEqualTo(3).allSatisfy(secret -> assertThat(secret).hasSizeGreaterThan(8));
        List<String> topics = new ArrayList<>(TopicCatalogue.all().stream().map(TopicSpec::name).toList());
        assertThat(topics).contains(TopicCatalogue.DLQ.name());

        assertThat(SecretSearch.inTopics(env.bootstrapServers(), topics, List.of(demo.image())))
                .as("the search finds what the records do hold").isNotEmpty();
        assertThat(SecretSearch.inTopics(env.bootstrapServers(), topics, secrets)).isEmpty();
        String logs = SecretSearch.console();
        assertThat(logs).as("the run's logs were captured").contains("fleet file");
        for (int i = 0; i < secrets.size(); i++) {
            assertThat(logs.contains(secrets.get(i))).as("secret #" + (i + 1) + " in the logs").isFalse();
        }
    }

    /** The trace of the scanner's span that wrote the release's first event ("" until exported). */
    private static String traceOf(String correlation) {
        return traces.spans().stream().filter(s -> s.service().equals("registry-scanner")
                        && s.name().equals("send shiplog.images")
                        && s.attributes().contains("shiplog.correlation_id=" + correlation))
                .map(OtlpReceiver.ReceivedSpan::traceId).findFirst().orElse("");
    }

    private static Set<String> servicesOf(String traceId) {
        return traces.spans().stream().filter(s -> s.traceId().equals(traceId))
                .map(OtlpReceiver.ReceivedSpan::service).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    @Order(9)
    void everyMetricTheDashboardAndTheAlertsReadIsServedByTheServices() throws Exception {
        Set<String> served = new TreeSet<>();
        for (Map.Entry<String, URI> service : env.serviceUrls().entrySet()) {
            HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(service.getValue()
                    .resolve("/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).as(service.getKey() + " /actuator/prometheus").isEqualTo(200);
            scrape.body().lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("[{ ]", 2)[0]).forEach(served::add);
        }
        Map<String, Set<String>> read = new TreeMap<>();
        ObservabilityFiles.dashboardQueries().forEach((panel, queries) -> queries.forEach(query ->
                read.computeIfAbsent("dashboard panel '" + panel + "'", p -> new TreeSet<>())
                        .addAll(ObservabilityFiles.metricNames(query))));
        ObservabilityFiles.alertQueries().forEach((alert, query) -> read.computeIfAbsent("alert " + alert,
                a -> new TreeSet<>()).addAll(ObservabilityFiles.metricNames(query)));

        assertThat(read).hasSizeGreaterThan(20);
        read.forEach((where, names) -> assertThat(served).as(where + " reads " + names).containsAll(names));
    }

    private static void patchImage(String cluster, String deployment, String image) {
        DynamicKubernetesApi api = new DynamicKubernetesApi("apps", "v1", "deployments",
                cluster(cluster).apiClient());
        String patch = "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"" + (deployment.equals("worker")
                ? "worker" : "app") + "\",\"image\":\"" + image + "\"}]}}}}";
        PatchOptions options = new PatchOptions();
        options.setFieldManager("kubectl-edit");
        var response = api.patch(DemoRepository.NAMESPACE, deployment, V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
                new V1Patch(patch), options);
        assertThat(response.isSuccess()).as("patch of " + deployment + " on " + cluster).isTrue();
    }

    private static JsonNode awaitTrace(String ref, int applies) {
        return await("trace of " + ref).atMost(RELEASE).until(() -> trace(ref), t -> t != null
                && t.path("applies").size() == applies);
    }

    private static JsonNode awaitTraceSkips(String ref) {
        return await("trace of " + ref + " with its skips").atMost(RELEASE).until(() -> trace(ref), t -> t != null
                && t.path("skipped").size() == DemoRepository.WORKLOADS.size());
    }

    private static JsonNode trace(String ref) throws Exception {
        URI auditor = env.serviceUrls().get("drift-auditor");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(auditor.resolve("/api/v1/trace?ref="
                + URLEncoder.encode(ref, StandardCharsets.UTF_8))).header("Authorization", "Bearer "
                + env.apiToken()).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

    /** Runs {@code shiplog <args>} against this system in this JVM; fails on a non-zero exit. */
    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        List<String> all = new java.util.ArrayList<>(List.of(args));
        if (args[0].equals("audit")) {
            all.addAll(List.of("--url", env.serviceUrls().get("drift-auditor").toString(), "--token",
                    env.apiToken()));
        }
        int status = DevMain.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true))
                .execute(all.toArray(String[]::new));
        assertThat(status).as("shiplog " + String.join(" ", args) + "\n" + out).isZero();
        return out.toString();
    }
}
