package io.shiplog.dev.bench;

import io.shiplog.applier.ClusterApplierApplication;
import io.shiplog.cli.Main;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.CommitEvent;
import io.shiplog.events.CommitObserved;
import io.shiplog.events.Person;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.schemas.event.MetaFactory;
import io.shiplog.schemas.serde.ShiplogAvroDeserializer;
import io.shiplog.schemas.serde.ShiplogAvroSerializer;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

/**
 * {@code replay_1000_s}: a cluster-applier applies N objects to cluster {@code bench}; then
 * {@code shiplog replay cluster --cluster bench --target bench-dr} replays that state onto {@code bench-dr}, a fresh
 * API server (configured on branch {@code dr}, which holds the same commit but gets no commit events, so only the
 * replay fills it; a replay must name a commit of the target's branch). Measured: the CLI's
 * wall time from publishing the command to the applier's {@code ApplyCompleted}.
 */
final class ReplayBench {

    private final AuditorBench.Infrastructure infra;
    private final int objects;

    ReplayBench(AuditorBench.Infrastructure infra, int objects) {
        this.infra = infra;
        this.objects = objects;
    }

    double run(BenchTable table) throws Exception {
        List<KubeCluster> clusters = KubeCluster.startMany("bench", "bench-dr");
        try (GitServer git = GitServer.start(GitServer.Options.defaults())) {
            ApplierBench.writeManifests(infra.work().resolve("manifests"), objects, "v1", "bench");
            git.createRepository("config");
            String sha = git.seed("config", infra.work().resolve("manifests"), "bench: " + objects + " objects");
            String url = git.httpUrl("config");
            branchAt(url, git, "dr");
            ConfigurableApplicationContext applier = ClusterApplierApplication.application().run(
                    "--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                    "--spring.kafka.bootstrap-servers=" + infra.kafka().bootstrapServers(),
                    "--spring.kafka.properties.schema.registry.url=" + infra.registry().url(),
                    "--logging.level.org.apache.kafka=WARN", "--logging.level.io.shiplog=WARN",
                    "--shiplog.applier.tuning.health-timeout=0s",
                    "--shiplog.api.tokens[0].name=bench",
                    "--shiplog.api.tokens[0].token=bench-" + java.util.UUID.randomUUID(),
                    "--shiplog.api.tokens[0].role=write",
                    "--shiplog.applier.mirror-dir=" + infra.work().resolve("mirrors"),
                    "--shiplog.applier.repositories[0].name=config", "--shiplog.applier.repositories[0].url=" + url,
                    "--shiplog.applier.repositories[0].username=" + git.username(),
                    "--shiplog.applier.repositories[0].password=" + git.password(),
                    "--shiplog.applier.clusters[0].name=bench",
                    "--shiplog.applier.clusters[0].kubeconfig=" + clusters.get(0).kubeconfigPath(),
                    "--shiplog.applier.clusters[0].paths=.",
                    "--shiplog.applier.clusters[1].name=bench-dr", "--shiplog.applier.clusters[1].branch=dr",
                    "--shiplog.applier.clusters[1].kubeconfig=" + clusters.get(1).kubeconfigPath(),
                    "--shiplog.applier.clusters[1].paths=.");
            try (KafkaConsumer<String, Object> applies = follow()) {
                publishCommit(url, sha);
                long start = System.nanoTime();
                awaitCompleted(applies, "bench", sha);
                table.row("replay", "first_apply_s", AuditorBench.seconds(System.nanoTime() - start));
                long replayStart = System.nanoTime();
                int status = Main.commandLine().execute("replay", "cluster", "--cluster", "bench",
                        "--target", "bench-dr", "--bootstrap-servers", infra.kafka().bootstrapServers(),
                        "--registry-url", infra.registry().url(), "--requested-by", "bench");
                long replayNanos = System.nanoTime() - replayStart;
                if (status != 0) {
                    throw new IllegalStateException("shiplog replay cluster exited with " + status);
                }
                table.row("replay", "replay_" + objects + "_s", AuditorBench.seconds(replayNanos));
                return replayNanos / 1e9;
            } finally {
                applier.close();
            }
        } finally {
            clusters.forEach(KubeCluster::close);
        }
    }

    /** Creates {@code branch} at the head of the default branch, by a push as a user would. */
    private void branchAt(String url, GitServer git, String branch) throws Exception {
        UsernamePasswordCredentialsProvider login = new UsernamePasswordCredentialsProvider(git.username(),
                git.password());
        try (Git clone = Git.cloneRepository().setURI(url).setBare(true).setCredentialsProvider(login)
                .setDirectory(infra.work().resolve("branch-" + branch).toFile()).call()) {
            clone.push().setCredentialsProvider(login).setRefSpecs(new RefSpec("refs/heads/"
                    + GitServer.DEFAULT_BRANCH + ":refs/heads/" + branch)).call();
        }
    }

    private void publishCommit(String url, String sha) throws Exception {
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", infra.kafka().bootstrapServers(), "schema.registry.url", infra.registry().url(),
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", ShiplogAvroSerializer.class.getName()))) {
            CommitEvent event = CommitEvent.newBuilder().setMeta(new MetaFactory("bench/replay").root())
                    .setPayload(CommitObserved.newBuilder().setConfigRepo(url).setBranch(GitServer.DEFAULT_BRANCH)
                            .setSha(sha).setAuthor(new Person("Bench", "bench@shiplog.invalid"))
                            .setCommittedAt(Instant.now()).build()).build();
            producer.send(new ProducerRecord<>(TopicCatalogue.COMMITS.name(), url + "#main", event)).get();
        }
    }

    private KafkaConsumer<String, Object> follow() {
        KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", infra.kafka().bootstrapServers(), "schema.registry.url", infra.registry().url(),
                "specific.avro.reader", true, "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", ShiplogAvroDeserializer.class.getName()));
        List<TopicPartition> partitions = consumer.partitionsFor(TopicCatalogue.APPLIES.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static void awaitCompleted(KafkaConsumer<String, Object> applies, String cluster, String sha) {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (var record : applies.poll(Duration.ofMillis(200))) {
                if (record.value() instanceof ApplyEvent event && event.getPayload() instanceof ApplyCompleted c
                        && c.getCluster().equals(cluster) && c.getCommitSha().equals(sha)) {
                    return;
                }
            }
        }
        throw new IllegalStateException("cluster " + cluster + " did not apply " + sha + " within 10 minutes");
    }
}
