package io.shiplog.dev.bench;

import io.shiplog.dev.fleet.FleetFileBuilder;
import io.shiplog.dev.services.Service;
import io.shiplog.dev.services.ServiceJvm;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.CommitEvent;
import io.shiplog.events.CommitObserved;
import io.shiplog.events.Person;
import io.shiplog.local.git.Author;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import io.shiplog.local.support.Ports;
import io.shiplog.local.support.StartupLog;
import io.shiplog.local.support.TempDirs;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.serde.ShiplogAvroDeserializer;
import io.shiplog.schemas.serde.ShiplogAvroSerializer;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicProvisioner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/bench scale}: many clusters (each a fleet-file entry with its own namespace on a few shared API
 * servers) applied by two applier replicas in their own JVMs, with the auditor beside them; one commit changes every
 * cluster's objects, and the time until every cluster reported it applied is measured, with each replica's heap,
 * Kafka consumers and threads sampled from its Prometheus endpoint.
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "Time for two applier replicas to apply one commit to many clusters, with heap and Kafka "
                + "consumers per replica.")
public final class ScaleBench implements Callable<Integer> {

    private static final String REPOSITORY = "scale-config";
    private static final List<String> SERVERS = List.of("scale-a", "scale-b", "scale-c");
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(\\{[^}]*})? ([0-9.eE+-]+)$");

    @Option(names = "--quick", description = "50 clusters instead of --clusters.")
    boolean quick;

    @Option(names = "--clusters", defaultValue = "500", description = "Clusters (default ${DEFAULT-VALUE}).")
    int clusters;

    @Option(names = "--replicas", defaultValue = "2", description = "Applier replicas (default ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--heap", defaultValue = "512m", description = "-Xmx of each service (default ${DEFAULT-VALUE}).")
    String heap;

    @Override
    public Integer call() throws Exception {
        StartupLog.printTo(System.err);
        int count = quick ? 50 : clusters;
        Path work = TempDirs.create("bench-scale");
        boolean succeeded = false;
        Opened open = new Opened("scale");
        try {
            KafkaBroker kafka = KafkaBroker.start();
            open.add(kafka);
            SchemaRegistry registry = SchemaRegistry.start(kafka);
            open.add(registry);
            GitServer git = GitServer.start(GitServer.Options.defaults());
            open.add(git);
            List<KubeCluster> servers = KubeCluster.startMany(SERVERS.toArray(String[]::new));
            open.addAll(servers);
            TopicProvisioner.provisionCatalogue(kafka.bootstrapServers());
            List<String> names = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                names.add(String.format(Locale.ROOT, "scale-%04d", i));
            }
            git.createRepository(REPOSITORY);
            String first = git.seed(REPOSITORY, manifests(work.resolve("seed"), names, "0"), "bench: " + count
                    + " clusters");
            Path fleet = fleet(work, git, servers, names);
            AppliedClusters applies = new AppliedClusters(kafka, registry);
            open.add(applies);
            String url = git.httpUrl(REPOSITORY);
            publishCommit(kafka, registry, url, first);

            BenchTable table = new BenchTable(System.out, "phase", "clusters", "s", "replica", "heap_mb_max",
                    "consumers_max", "threads_max", "clusters_applied");
            List<ServiceJvm> appliers = new ArrayList<>();
            long started = System.nanoTime();
            for (int r = 0; r < replicas; r++) {
                ServiceJvm jvm = ServiceJvm.start(Service.CLUSTER_APPLIER, Ports.freePort(), List.of("-Xmx" + heap),
                        arguments(fleet, kafka, registry, work.resolve("mirrors/applier-" + r)),
                        work.resolve("logs/applier-" + r), Duration.ofMinutes(5));
                appliers.add(jvm);
                open.add(jvm);
                System.err.println("bench: " + jvm + " ready");
            }
            List<String> auditorArgs = new ArrayList<>(arguments(fleet, kafka, registry,
                    work.resolve("mirrors/auditor")));
            auditorArgs.add("--shiplog.audit.store.url=jdbc:sqlite:" + work.resolve("audit.db"));
            ServiceJvm auditor = ServiceJvm.start(Service.DRIFT_AUDITOR, Ports.freePort(), List.of("-Xmx" + heap),
                    auditorArgs, work.resolve("logs/auditor"), Duration.ofMinutes(5));
            open.add(auditor);
            try (Sampler sampler = new Sampler(appliers)) {
                awaitApplied(applies, first, names, Duration.ofMinutes(15));
                table.row("first commit", count, AuditorBench.seconds(System.nanoTime() - started),
                        "-", "-", "-", "-", count);
                Map<String, String> changed = new LinkedHashMap<>();
                names.forEach(name -> changed.put("clusters/" + name + "/release.yaml", release(name, "1")));
                String second = git.commit(REPOSITORY, changed, "bench: change every cluster",
                        new Author("Bench", "bench@shiplog.invalid"));
                long pushed = System.nanoTime();
                publishCommit(kafka, registry, url, second);
                awaitApplied(applies, second, names, Duration.ofMinutes(15));
                long allApplied = System.nanoTime() - pushed;
                table.row("next commit", count, AuditorBench.seconds(allApplied), "-", "-", "-", "-",
                        count);
                sampler.sampleNow();
                long heapMax = 0;
                long consumersMax = 0;
                for (int r = 0; r < appliers.size(); r++) {
                    Sampler.Peak peak = sampler.peak(r);
                    table.row("replica", "-", "-", r, peak.heapMb(), peak.consumers(), peak.threads(),
                            peak.clusters());
                    heapMax = Math.max(heapMax, peak.heapMb());
                    consumersMax = Math.max(consumersMax, peak.consumers());
                }
                LinkedHashMap<String, Object> summary = new LinkedHashMap<>();
                summary.put("clusters", count);
                summary.put("all_applied_s", AuditorBench.seconds(allApplied));
                summary.put("heap_mb_max", heapMax);
                summary.put("consumers_max", consumersMax);
                BenchTable.summary(System.out, "scale", summary);
            }
            succeeded = true;
        } finally {
            open.close();
            if (succeeded) {
                TempDirs.deleteQuietly(work);
            } else {
                System.err.println("bench: failed; logs kept under " + work.resolve("logs"));
            }
        }
        return 0;
    }

    /** Every cluster's directory: its namespace and a ConfigMap carrying {@code value}. */
    private static Path manifests(Path dir, List<String> names, String value) {
        try {
            for (String name : names) {
                Path cluster = Files.createDirectories(dir.resolve("clusters").resolve(name));
                Files.writeString(cluster.resolve("namespace.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n"
                        + "  name: " + name + "\n");
                Files.writeString(cluster.resolve("release.yaml"), release(name, value));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String release(String namespace, String value) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: release\n  namespace: " + namespace
                + "\ndata:\n  value: \"" + value + "\"\n";
    }

    private static Path fleet(Path work, GitServer git, List<KubeCluster> servers, List<String> names) {
        FleetFileBuilder fleet = new FleetFileBuilder().repository(new FleetFileBuilder.Repository(REPOSITORY,
                git.httpUrl(REPOSITORY), "main", git.username(), git.password()));
        for (int i = 0; i < names.size(); i++) {
            fleet.cluster(new FleetFileBuilder.Cluster(names.get(i), REPOSITORY,
                    servers.get(i % servers.size()).kubeconfigPath(), List.of("clusters/" + names.get(i)),
                    Duration.ZERO, Duration.ofHours(1), "report"));
        }
        return fleet.writeTo(work.resolve("shiplog.yaml"));
    }

    private static List<String> arguments(Path fleet, KafkaBroker kafka, SchemaRegistry registry, Path mirrors) {
        return new ArrayList<>(List.of("--shiplog.config=" + fleet,
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--spring.kafka.properties.schema.registry.url=" + registry.url(),
                "--spring.main.banner-mode=off",
                "--shiplog.applier.mirror-dir=" + mirrors,
                "--shiplog.drift.mirror-dir=" + mirrors,
                "--shiplog.api.tokens[0].name=bench", "--shiplog.api.tokens[0].token=bench-" + UUID.randomUUID(),
                "--shiplog.api.tokens[0].role=write"));
    }

    /** What git-writer publishes for a commit it observes on the watched branch. */
    private static void publishCommit(KafkaBroker kafka, SchemaRegistry registry, String url, String sha)
            throws Exception {
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(), "schema.registry.url", registry.url(),
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", ShiplogAvroSerializer.class.getName()))) {
            CommitEvent event = CommitEvent.newBuilder().setMeta(new MetaFactory("bench/scale").root())
                    .setPayload(CommitObserved.newBuilder().setConfigRepo(url).setBranch(GitServer.DEFAULT_BRANCH)
                            .setSha(sha).setAuthor(new Person("Bench", "bench@shiplog.invalid"))
                            .setCommittedAt(Instant.now()).build()).build();
            producer.send(new ProducerRecord<>(TopicCatalogue.COMMITS.name(), url + "#"
                    + GitServer.DEFAULT_BRANCH, event)).get();
        }
    }

    private static void awaitApplied(AppliedClusters applies, String sha, List<String> names, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!applies.of(sha).containsAll(names)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(sha + " applied on " + applies.of(sha).size() + " of " + names.size()
                        + " clusters within " + timeout);
            }
            Thread.sleep(200);
        }
    }

    /**
     * The clusters that completed an apply of each commit, read from {@code shiplog.applies} from its end as of the
     * start. A record whose value cannot be decoded yet (the schema registry slow under the load measured) is tried
     * again, never skipped.
     */
    private static final class AppliedClusters implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final ShiplogAvroDeserializer values = new ShiplogAvroDeserializer();
        private final Map<String, Set<String>> applied = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean running = true;

        AppliedClusters(KafkaBroker kafka, SchemaRegistry registry) {
            values.configure(ShiplogAvroDeserializer.specificReaderConfig(registry.url()), false);
            consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                    "key.deserializer", ByteArrayDeserializer.class.getName(),
                    "value.deserializer", ByteArrayDeserializer.class.getName()));
            List<TopicPartition> partitions = consumer.partitionsFor(TopicCatalogue.APPLIES.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            thread = new Thread(this::run, "scale-applies");
            thread.setDaemon(true);
            thread.start();
        }

        Set<String> of(String sha) {
            return Set.copyOf(applied.getOrDefault(sha, Set.of()));
        }

        private void run() {
            try {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        if (decode(record) instanceof ApplyEvent event
                                && event.getPayload() instanceof ApplyCompleted completed) {
                            applied.computeIfAbsent(completed.getCommitSha(), c -> ConcurrentHashMap.newKeySet())
                                    .add(completed.getCluster());
                        }
                    }
                }
            } catch (WakeupException e) {
                // closed
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }

        private Object decode(ConsumerRecord<byte[], byte[]> record) {
            for (int attempt = 1; ; attempt++) {
                try {
                    return values.deserialize(record.topic(), record.value());
                } catch (RuntimeException e) {
                    if (!running || attempt == 30) {
                        throw e;
                    }
                    System.err.println("bench: " + record.topic() + "-" + record.partition() + "@" + record.offset()
                            + " not decoded yet, retrying: " + e.getMessage());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            consumer.wakeup();
            thread.join(10_000);
        }
    }

    /** Samples each replica's Prometheus endpoint every second: heap used, Kafka consumers, threads, clusters. */
    private static final class Sampler implements AutoCloseable {

        record Peak(long heapMb, long consumers, long threads, long clusters) {
        }

        private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final List<ServiceJvm> replicas;
        private final Map<Integer, Peak> peaks = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean running = true;

        Sampler(List<ServiceJvm> replicas) {
            this.replicas = replicas;
            this.thread = new Thread(this::run, "scale-sampler");
            this.thread.setDaemon(true);
            this.thread.start();
        }

        private void run() {
            while (running) {
                sampleNow();
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        synchronized void sampleNow() {
            for (int r = 0; r < replicas.size(); r++) {
                Map<String, Double> sums = scrape(replicas.get(r).url());
                if (sums.isEmpty()) {
                    continue;
                }
                Peak now = new Peak(Math.round(sums.getOrDefault("heap", 0.0) / (1024 * 1024)),
                        Math.round(sums.getOrDefault("shiplog_kafka_consumers", 0.0)),
                        Math.round(sums.getOrDefault("jvm_threads_live_threads", 0.0)),
                        Math.round(sums.getOrDefault("clusters", 0.0)));
                peaks.merge(r, now, (a, b) -> new Peak(Math.max(a.heapMb(), b.heapMb()),
                        Math.max(a.consumers(), b.consumers()), Math.max(a.threads(), b.threads()),
                        Math.max(a.clusters(), b.clusters())));
            }
        }

        Peak peak(int replica) {
            return peaks.getOrDefault(replica, new Peak(0, 0, 0, 0));
        }

        private static Map<String, Double> scrape(URI base) {
            Map<String, Double> sums = new LinkedHashMap<>();
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/actuator/prometheus"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                for (String line : response.body().split("\n")) {
                    Matcher m = SAMPLE.matcher(line);
                    if (!m.matches()) {
                        continue;
                    }
                    String name = m.group(1);
                    String labels = m.group(2) == null ? "" : m.group(2);
                    double value = Double.parseDouble(m.group(3));
                    if (name.equals("jvm_memory_used_bytes") && labels.contains("area=\"heap\"")) {
                        sums.merge("heap", value, Double::sum);
                    } else if (name.equals("shiplog_applier_clusters")) {
                        sums.merge("clusters", value, Double::sum);
                    } else if (name.equals("shiplog_kafka_consumers") || name.equals("jvm_threads_live_threads")) {
                        sums.merge(name, value, Double::sum);
                    }
                }
            } catch (IOException e) {
                return Map.of();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Map.of();
            }
            return sums;
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }
}
