package io.shiplog.dev.bench;

import io.shiplog.dev.release.ReleaseTracker;
import io.shiplog.dev.services.Service;
import io.shiplog.local.git.Author;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.kafka.RestartableKafkaBroker;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.net.TcpProxy;
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
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/bench chaos}: releases pushed while the installation is being broken — services killed with
 * SIGKILL at random and started again, the broker stopped and started on the same data directory, one API server
 * unreachable for a while, a person committing to the config repository now and then — and then a verdict read
 * from git, the API servers and the release log ({@link ChaosVerdict}): nothing lost, nothing committed twice, no
 * human commit overwritten, every cluster converged, every release's trace complete.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Releases through all four services in their own JVMs while services are SIGKILLed, the broker "
                + "restarts and an API server goes away; prints what was lost (goal: every count zero).")
public final class ChaosBench implements Callable<Integer> {

    private static final List<String> CLUSTERS = ReleaseBench.CLUSTERS;
    private static final Author PERSON = new Author("A Person", "person@shiplog.invalid");

    @Option(names = "--quick", description = "30 releases, 3 kills, 1 broker restart, a 10 s outage (the CI run).")
    boolean quick;

    @Option(names = "--seed", description = "Seed of the fault plan (default: random, printed).")
    Long seed;

    @Option(names = "--heap", defaultValue = "256m", description = "-Xmx of each service (default ${DEFAULT-VALUE}).")
    String heap = "256m";

    /** The outcome of a run, for the benchmark's summary and the IT. */
    public record Outcome(int releases, int kills, int brokerRestarts, int humanCommits, ChaosVerdict verdict,
                          long seed) {
    }

    @Override
    public Integer call() throws Exception {
        Outcome outcome = run(System.out);
        return outcome.verdict().allZero() ? 0 : 1;
    }

    /** Runs the benchmark, printing its table and summary to {@code out}. */
    public Outcome run(PrintStream out) throws Exception {
        int apps = quick ? 3 : 10;
        int rounds = quick ? 10 : 50;
        Duration interval = Duration.ofMillis(quick ? 1000 : 300);
        long planSeed = seed != null ? seed : new java.util.Random().nextLong();
        ChaosPlan plan = ChaosPlan.draw(planSeed, interval.multipliedBy((long) apps * rounds), quick ? 3 : 12,
                quick ? 1 : 2, CLUSTERS.get(2), Duration.ofSeconds(quick ? 10 : 30), quick ? 3 : 10);
        System.err.println("chaos: seed " + planSeed + ", " + plan.faults().size() + " faults planned");
        StartupLog.printTo(System.err);
        Path work = TempDirs.create("bench-chaos");
        Opened open = new Opened("chaos");
        try {
            RestartableKafkaBroker kafka = KafkaBroker.startEmbedded(KafkaBroker.EmbeddedOptions.ephemeral());
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
            Map<String, TcpProxy> switches = new LinkedHashMap<>();
            Map<String, Path> kubeconfigs = new LinkedHashMap<>();
            for (KubeCluster cluster : clusters) {
                TcpProxy proxy = new TcpProxy(cluster.serverUrl().getPort());
                open.add(proxy);
                switches.put(cluster.name(), proxy);
                Path kubeconfig = cluster.kubeconfigPath().resolveSibling("kubeconfig-via-switch");
                Files.writeString(kubeconfig, Files.readString(cluster.kubeconfigPath())
                        .replace(cluster.serverUrl().toString(), "https://127.0.0.1:" + proxy.port()));
                kubeconfigs.put(cluster.name(), kubeconfig);
            }
            ReleaseBench.seed(git, registry.host(), apps);
            Set<String> humanShas = ConcurrentHashMap.newKeySet();
            humanShas.add(humanCommit(git, 0));
            ImagePusher pusher = registry.pusher();
            for (int app = 0; app < apps; app++) {
                pusher.push(ReleaseBench.image(app), "1.0.0");
            }
            Path fleet = ReleaseBench.writeFleet(work, registry, git, kubeconfigs, token, false);
            ReleaseTracker tracker = ReleaseTracker.followFromBeginning(kafka.bootstrapServers(),
                    schemaRegistry.url());
            open.add(tracker);
            ChaosServices services = new ChaosServices(ports, service -> arguments(service, fleet, kafka,
                    schemaRegistry, work), List.of("-Xmx" + heap, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                    work.resolve("logs"));
            open.add(services);
            services.startAll();
            ReleaseBench.awaitApplied(tracker, git.head(ReleaseBench.REPOSITORY, "main").orElseThrow());
            String load = ReleaseBench.loadAverage();

            ChaosFaults faults = new ChaosFaults(plan, services, kafka, switches,
                    n -> humanShas.add(humanCommit(git, n)));
            List<ChaosVerdict.Release> releases = push(out, pusher, apps, rounds, interval, faults);
            faults.awaitAll(Duration.ofMinutes(10));
            System.err.println("chaos: every fault done; waiting for the installation to settle");
            long settleStart = System.nanoTime();
            long deadline = settleStart + Duration.ofMinutes(quick ? 4 : 8).toNanos();
            while (!ChaosVerdict.settled(git, clusters, releases, apps) && System.nanoTime() < deadline) {
                Thread.sleep(1000);
            }
            long settleS = (System.nanoTime() - settleStart) / 1_000_000_000;
            // the events of the last applies may still be on their way: a gap counts once it lasts 30 s
            ChaosVerdict verdict = ChaosVerdict.judge(git, clusters, releases, apps, humanShas, tracker,
                    registry.host());
            for (int wait = 0; wait < 30 && verdict.missingTraceEvents() > 0; wait++) {
                Thread.sleep(1000);
                verdict = ChaosVerdict.judge(git, clusters, releases, apps, humanShas, tracker, registry.host());
            }
            verdict.findings().forEach(f -> System.err.println("chaos: finding: " + f));
            Outcome outcome = new Outcome(releases.size(), services.kills(), faults.brokerRestarts(),
                    humanShas.size() - 1, verdict, planSeed);
            LinkedHashMap<String, Object> summary = new LinkedHashMap<>();
            summary.put("releases", outcome.releases());
            summary.put("kills", outcome.kills());
            summary.put("broker_restarts", outcome.brokerRestarts());
            summary.put("api_outage_s", quick ? 10 : 30);
            summary.put("human_commits", outcome.humanCommits());
            summary.put("lost", verdict.lost());
            summary.put("duplicate_commits", verdict.duplicateCommits());
            summary.put("human_commits_lost", verdict.humanCommitsLost());
            summary.put("not_converged", verdict.notConverged());
            summary.put("missing_trace_events", verdict.missingTraceEvents());
            summary.put("settle_s", settleS);
            summary.put("seed", planSeed);
            summary.put("load_before", load);
            BenchTable.summary(out, "chaos", summary);
            return outcome;
        } finally {
            open.close();
            TempDirs.deleteQuietly(work);
        }
    }

    private List<ChaosVerdict.Release> push(PrintStream out, ImagePusher pusher, int apps, int rounds,
                                            Duration interval, ChaosFaults faults) throws InterruptedException {
        BenchTable table = new BenchTable(out, "releases_pushed", "kills", "broker_restarts", "human_commits");
        List<ChaosVerdict.Release> releases = new ArrayList<>();
        long start = System.nanoTime();
        faults.start();
        for (int round = 1; round <= rounds; round++) {
            for (int app = 0; app < apps; app++) {
                long wait = start + interval.toNanos() * releases.size() - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                pusher.push(ReleaseBench.image(app), "1." + round + ".0");
                releases.add(new ChaosVerdict.Release(app, round));
            }
            if (round % Math.max(1, rounds / 10) == 0) {
                table.row(releases.size(), faults.kills(), faults.brokerRestarts(), faults.humanCommits());
            }
        }
        return releases;
    }

    /** A person's commit: the {@code n}-th value of the {@code human} ConfigMap. */
    private static String humanCommit(GitServer git, int n) {
        String configMap = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: human
                  namespace: %s
                data:
                  round: "%d"
                """.formatted(ReleaseBench.NAMESPACE, n);
        return git.commit(ReleaseBench.REPOSITORY, Map.of("apps/human.yaml", configMap), "Tune by hand (" + n + ")",
                PERSON);
    }

    private static List<String> arguments(Service service, Path fleet, KafkaBroker kafka, SchemaRegistry registry,
                                          Path work) {
        List<String> args = new ArrayList<>(ReleaseBench.arguments(service, fleet, kafka, registry, work));
        // what a webhook lost while its service was down is found by the next scan
        args.add("--shiplog.scanner.tuning.default-interval=10s");
        return args;
    }
}
