package io.shiplog.dev.bench;

import io.shiplog.dev.fleet.FleetFileBuilder;
import io.shiplog.dev.release.ReleaseTracker;
import io.shiplog.dev.services.Service;
import io.shiplog.dev.services.ServiceJvm;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.oci.ContainerRegistry;
import io.shiplog.local.oci.ImagePusher;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import io.shiplog.local.support.Ports;
import io.shiplog.local.support.StartupLog;
import io.shiplog.local.support.TempDirs;
import io.shiplog.schemas.topic.TopicProvisioner;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/bench release}: releases from a registry push until the new image is served by every API server,
 * with every service in its own JVM as in production (heap bounded by {@code -Xmx}) on real infrastructure: the
 * registry notifies the scanner, git-writer commits to the git server, the applier applies to three API servers, the
 * auditor follows it all. Each release's latency is read back from the API servers themselves (a watch per server).
 * A few warm-up releases go first and are not counted: production services run warm.
 */
@Command(name = "release", mixinStandardHelpOptions = true,
        description = "Push-to-served latency of many releases through all four services in their own JVMs.")
public final class ReleaseBench implements Callable<Integer> {

    static final String NAMESPACE = "bench";
    static final String REPOSITORY = "bench-config";
    static final List<String> CLUSTERS = List.of("bench-a", "bench-b", "bench-c");
    static final String SMALL_INSTALLATION = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    @Option(names = "--quick", description = "3 apps × 3 tags instead of --apps × --tags.")
    boolean quick;

    @Option(names = "--apps", defaultValue = "10", description = "Applications (default ${DEFAULT-VALUE}).")
    int apps;

    @Option(names = "--tags", defaultValue = "10", description = "New tags per application (default ${DEFAULT-VALUE}).")
    int tags;

    @Option(names = "--interval", defaultValue = "200ms", converter = DurationConverter.class,
            description = "Time between two pushes (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--heap", defaultValue = "256m", description = "-Xmx of each service (default ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--jvm", defaultValue = SMALL_INSTALLATION, description = "JVM options of every service, "
            + "blank-separated (default: ${DEFAULT-VALUE}, the options for a small installation: the C1 compiler "
            + "only, as C2's compiling costs more CPU than it saves at release rates; '' for the JVM's defaults).")
    String jvmOptions;

    @Option(names = "--git", defaultValue = "http", description = "How the services reach the config repository: "
            + "http (the git server's smart HTTP, a git process per request on this machine) or file (the bare "
            + "repository directly, as if the git host's work happened elsewhere). Default ${DEFAULT-VALUE}.")
    String gitTransport;

    @Option(names = "--warmup", defaultValue = "10", description = "Rounds of one release per application before the "
            + "measured ones, not counted: a service in production runs warm, its code compiled (default "
            + "${DEFAULT-VALUE}).")
    int warmup;

    @Override
    public Integer call() throws Exception {
        int appCount = quick ? 3 : apps;
        int tagCount = quick ? 3 : tags;
        PrintStream out = System.out;
        StartupLog.printTo(System.err);
        Path work = TempDirs.create("bench-release");
        Opened open = new Opened("release");
        try {
            KafkaBroker kafka = KafkaBroker.start();
            open.add(kafka);
            SchemaRegistry schemaRegistry = SchemaRegistry.start(kafka);
            open.add(schemaRegistry);
            TopicProvisioner.provisionCatalogue(kafka.bootstrapServers());
            Map<Service, Integer> ports = new LinkedHashMap<>();
            Service.all().forEach(s -> ports.put(s, Ports.freePort()));
            String token = UUID.randomUUID().toString();
            ContainerRegistry registry = open.notifyingRegistry(ports, token);
            GitServer git = GitServer.start(GitServer.Options.defaults());
            open.add(git);
            List<KubeCluster> clusters = KubeCluster.startMany(CLUSTERS.toArray(String[]::new));
            open.addAll(clusters);
            seed(git, registry.host(), appCount);
            ImagePusher pusher = registry.pusher();
            for (int app = 0; app < appCount; app++) {
                pusher.push(image(app), "1.0.0");
            }
            Map<String, Path> kubeconfigs = new LinkedHashMap<>();
            clusters.forEach(c -> kubeconfigs.put(c.name(), c.kubeconfigPath()));
            Path fleet = writeFleet(work, registry, git, kubeconfigs, token, gitTransport.equals("file"));
            ReleaseTracker tracker = ReleaseTracker.followFromBeginning(kafka.bootstrapServers(),
                    schemaRegistry.url());
            open.add(tracker);
            List<ServiceJvm> services = new ArrayList<>();
            for (Service service : Service.all()) {
                List<String> options = new ArrayList<>(List.of("-Xmx" + heap));
                options.addAll(List.of(jvmOptions.split("\\s+")).stream().filter(o -> !o.isBlank()).toList());
                ServiceJvm jvm = ServiceJvm.start(service, ports.get(service), options,
                        arguments(service, fleet, kafka, schemaRegistry, work), work.resolve("logs"),
                        Duration.ofMinutes(3));
                services.add(jvm);
                open.add(jvm);
                System.err.println("bench: " + jvm + " ready");
            }
            String head = git.head(REPOSITORY, "main").orElseThrow();
            awaitApplied(tracker, head);
            List<ServedImages> served = new ArrayList<>();
            for (KubeCluster cluster : clusters) {
                ServedImages watch = new ServedImages(cluster.name(), watchClient(cluster), NAMESPACE);
                served.add(watch);
                open.add(watch);
            }
            Thread.sleep(1000);
            warmUp(pusher, registry.host(), appCount, quick ? 1 : warmup, served);
            String load = loadAverage();
            List<Release> releases = push(out, pusher, registry.host(), appCount, tagCount, served);
            awaitServed(releases, served, registry.host(), Duration.ofSeconds(60));
            summarize(out, releases, served, tracker, registry.host(), services, appCount, heap, gitTransport);
            System.out.println("release: jvm_options='" + jvmOptions.strip() + "' load_before=" + load);
        } finally {
            open.close();
            TempDirs.deleteQuietly(work);
        }
        return 0;
    }

    /** The one-minute load average, or "-" where the system does not tell. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "-";
        }
    }

    /** One pushed tag of one application, and when the push returned. */
    private record Release(int app, String tag, long pushedNanos) {
    }

    /** Releases {@code 1.0.<round>} of every application, waits until served everywhere; measured nothing. */
    private void warmUp(ImagePusher pusher, String host, int appCount, int rounds, List<ServedImages> served)
            throws InterruptedException {
        List<Release> warm = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (int app = 0; app < appCount; app++) {
                pusher.push(image(app), "1.0." + round);
                warm.add(new Release(app, "1.0." + round, System.nanoTime()));
                Thread.sleep(interval.toMillis());
            }
        }
        awaitServed(warm, served, host, Duration.ofSeconds(120));
        System.err.println("bench: " + warm.size() + " warm-up releases served; measuring");
    }

    private List<Release> push(PrintStream out, ImagePusher pusher, String host, int appCount, int tagCount,
                               List<ServedImages> served) throws InterruptedException {
        BenchTable table = new BenchTable(out, "releases_pushed", "served_everywhere", "last_ms", "p50_ms_so_far");
        int every = Math.max(1, appCount * tagCount / 10);
        List<Release> releases = new ArrayList<>();
        long next = System.nanoTime();
        for (int round = 1; round <= tagCount; round++) {
            for (int app = 0; app < appCount; app++) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                next += interval.toNanos();
                String tag = "1." + round + ".0";
                pusher.push(image(app), tag);
                releases.add(new Release(app, tag, System.nanoTime()));
                if (releases.size() % every == 0) {
                    List<Long> done = latencies(releases, served, host);
                    table.row(releases.size(), done.size(), done.isEmpty() ? "-" : done.get(done.size() - 1),
                            done.isEmpty() ? "-" : BenchTable.median(done));
                }
            }
        }
        return releases;
    }

    /** Waits until every application's last tag is served everywhere (or the timeout passes). */
    private static void awaitServed(List<Release> releases, List<ServedImages> served, String host,
                                    Duration timeout) throws InterruptedException {
        Map<Integer, Release> last = new LinkedHashMap<>();
        releases.forEach(r -> last.put(r.app(), r));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (last.values().stream().allMatch(r -> servedEverywhere(r, served, host) != null)) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private static void summarize(PrintStream out, List<Release> releases, List<ServedImages> served,
                           ReleaseTracker tracker, String host, List<ServiceJvm> services, int appCount,
                                  String heap, String gitTransportOf) {
        List<Long> latencies = new ArrayList<>();
        List<Long> scans = new ArrayList<>();
        List<Long> commits = new ArrayList<>();
        List<Long> applies = new ArrayList<>();
        int lost = 0;
        int superseded = 0;
        for (Release release : releases) {
            Long at = servedEverywhere(release, served, host);
            if (at == null) {
                boolean later = releases.stream().anyMatch(r -> r.app() == release.app()
                        && r.pushedNanos() > release.pushedNanos() && servedEverywhere(r, served, host) != null);
                if (later) {
                    superseded++;
                } else {
                    lost++;
                }
                continue;
            }
            latencies.add((at - release.pushedNanos()) / 1_000_000);
            var discovery = tracker.discovery(host + "/" + image(release.app()), release.tag());
            if (discovery.isPresent()) {
                scans.add((discovery.get().atNanos() - release.pushedNanos()) / 1_000_000);
                var commit = tracker.commit(discovery.get());
                if (commit.isPresent()) {
                    commits.add((commit.get().atNanos() - discovery.get().atNanos()) / 1_000_000);
                    applies.add((at - commit.get().atNanos()) / 1_000_000);
                }
            }
        }
        LinkedHashMap<String, Object> summary = new LinkedHashMap<>();
        summary.put("releases", releases.size());
        summary.put("p50_ms", latencies.isEmpty() ? "-" : BenchTable.median(latencies));
        summary.put("p99_ms", latencies.isEmpty() ? "-" : BenchTable.percentile(latencies, 99));
        summary.put("scan_p50_ms", scans.isEmpty() ? "-" : BenchTable.median(scans));
        summary.put("commit_p50_ms", commits.isEmpty() ? "-" : BenchTable.median(commits));
        summary.put("apply_p50_ms", applies.isEmpty() ? "-" : BenchTable.median(applies));
        summary.put("lost", lost);
        summary.put("superseded", superseded);
        long max = 0;
        long total = 0;
        BenchTable memory = new BenchTable(out, "service_jvm", "max_heap", "rss_mb_peak");
        for (ServiceJvm service : services) {
            long peak = service.peakRssMb().orElse(-1);
            memory.row(service.service().name(), "-Xmx" + heap, peak);
            max = Math.max(max, peak);
            total += peak;
        }
        summary.put("rss_mb_max", max);
        summary.put("rss_mb_total", total);
        summary.put("apps", appCount);
        summary.put("git", gitTransportOf);
        BenchTable.summary(out, "release", summary);
    }

    /** When the release was served by every API server (the last of them), or null when not by all. */
    private static Long servedEverywhere(Release release, List<ServedImages> served, String host) {
        long last = 0;
        for (ServedImages cluster : served) {
            Long at = cluster.firstSeen(host + "/" + image(release.app()) + ":" + release.tag());
            if (at == null) {
                return null;
            }
            last = Math.max(last, at);
        }
        return last;
    }

    private static List<Long> latencies(List<Release> releases, List<ServedImages> served, String host) {
        List<Long> done = new ArrayList<>();
        for (Release release : releases) {
            Long at = servedEverywhere(release, served, host);
            if (at != null) {
                done.add((at - release.pushedNanos()) / 1_000_000);
            }
        }
        return done;
    }

    static String image(int app) {
        return "bench/app-" + app;
    }

    static void seed(GitServer git, String host, int appCount) throws Exception {
        git.createRepository(REPOSITORY);
        Path dir = TempDirs.create("bench-release-repo");
        try {
            Files.createDirectories(dir.resolve("apps"));
            Files.writeString(dir.resolve("apps/namespace.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n"
                    + "  name: " + NAMESPACE + "\n");
            for (int app = 0; app < appCount; app++) {
                Files.writeString(dir.resolve("apps/app-" + app + ".yaml"), """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: app-%d
                          namespace: %s
                        spec:
                          selector:
                            matchLabels: {app: app-%d}
                          template:
                            metadata:
                              labels: {app: app-%d}
                            spec:
                              containers:
                                - name: app
                                  image: %s/%s:1.0.0 # {"$shiplog": "semver:^1.0"}
                        """.formatted(app, NAMESPACE, app, app, host, image(app)));
            }
            git.seed(REPOSITORY, dir, "Benchmark applications");
        } finally {
            TempDirs.deleteQuietly(dir);
        }
    }

    static Path writeFleet(Path work, ContainerRegistry registry, GitServer git, Map<String, Path> kubeconfigs,
                           String token, boolean file) {
        FleetFileBuilder fleet = new FleetFileBuilder()
                .registry(new FleetFileBuilder.Registry(registry.host(), registry.url().toString(), null, null))
                .repository(file ? new FleetFileBuilder.Repository(REPOSITORY, git.repositoryDirectory(REPOSITORY)
                        .toUri().toString(), "main", null, null)
                        : new FleetFileBuilder.Repository(REPOSITORY, git.httpUrl(REPOSITORY), "main",
                        git.username(), git.password()))
                .registryWebhookToken(token);
        kubeconfigs.forEach((cluster, kubeconfig) -> fleet.cluster(new FleetFileBuilder.Cluster(cluster, REPOSITORY,
                kubeconfig, List.of("apps"), Duration.ZERO, Duration.ofMinutes(5), "report")));
        return fleet.writeTo(work.resolve("shiplog.yaml"));
    }

    static List<String> arguments(Service service, Path fleet, KafkaBroker kafka, SchemaRegistry registry,
                                          Path work) {
        List<String> args = new ArrayList<>(List.of("--shiplog.config=" + fleet,
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--spring.kafka.properties.schema.registry.url=" + registry.url(),
                "--spring.main.banner-mode=off",
                "--shiplog.git-writer.mirror-dir=" + work.resolve("mirrors/git-writer"),
                "--shiplog.applier.mirror-dir=" + work.resolve("mirrors/applier"),
                "--shiplog.drift.mirror-dir=" + work.resolve("mirrors/auditor"),
                "--shiplog.api.tokens[0].name=bench", "--shiplog.api.tokens[0].token=bench-" + UUID.randomUUID(),
                "--shiplog.api.tokens[0].role=write"));
        if (service == Service.DRIFT_AUDITOR) {
            args.add("--shiplog.audit.store.url=jdbc:sqlite:" + work.resolve("audit.db"));
        }
        return args;
    }

    static void awaitApplied(ReleaseTracker tracker, String sha) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (tracker.applies(sha, Set.copyOf(CLUSTERS)).size() < CLUSTERS.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the first commit " + sha + " was not applied on " + CLUSTERS);
            }
            Thread.sleep(100);
        }
    }

    static io.kubernetes.client.openapi.ApiClient watchClient(KubeCluster cluster) {
        io.kubernetes.client.openapi.ApiClient client = cluster.newApiClient();
        client.setHttpClient(client.getHttpClient().newBuilder().readTimeout(Duration.ZERO).build());
        return client;
    }

    /** {@code 200ms}, {@code 1s} or ISO-8601. */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            return Duration.parse(value);
        }
    }
}
