package io.shiplog.dev.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplog.applier.support.ClusterConfig;
import io.shiplog.applier.support.ConfigRepo;
import io.shiplog.applier.support.Manifests;
import io.shiplog.applier.support.RunningApplier;
import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ApplyStatus;
import io.shiplog.events.ObjectAction;
import io.shiplog.events.ObjectResult;
import io.shiplog.local.git.GitServer;
import io.shiplog.local.kube.KubeCluster;
import io.shiplog.schemas.event.EventSink;
import io.shiplog.schemas.serde.ShiplogAvroDeserializer;
import io.shiplog.schemas.serde.ShiplogAvroSerializer;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The real cluster-applier, logged in as {@code shiplog-cluster-applier} with only the documented ACLs, starts (its
 * start-up topic check included), consumes a commit git-writer's principal published, applies it to a real API
 * server and publishes the outcome.
 */
class KafkaAclsApplierIT {

    private static final String APPLIER = "shiplog-cluster-applier";
    private static final String GIT_WRITER = "shiplog-git-writer";
    private static final String CLI = "shiplog-cli";

    @Test
    void theClusterApplierAppliesACommitAsItsOwnPrincipalWithOnlyTheDocumentedAcls() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String cluster = "acl-" + suffix;
        String namespace = "acl-shop-" + suffix;
        try (SecuredKafka kafka = SecuredKafka.start();
             var commits = new KafkaProducer<String, Object>(producerConfig(kafka, GIT_WRITER))) {
            ConfigRepo repo = ConfigRepo.create(GitServer.shared(), "acl", EventSink.of(commits));
            try (RunningApplier applier = RunningApplier.start(Map.of("config", repo.url()),
                    List.of(ClusterConfig.of(cluster, "config", KubeCluster.shared().kubeconfigPath(), "apps")),
                    "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                    "--spring.kafka.properties.schema.registry.url=" + kafka.registry().url(),
                    "--spring.kafka.properties.security.protocol=SASL_PLAINTEXT",
                    "--spring.kafka.properties.sasl.mechanism=SCRAM-SHA-512",
                    "--spring.kafka.properties.sasl.jaas.config=" + kafka.jaas(APPLIER),
                    "--shiplog.topics.provision=verify",
                    "--shiplog.applier.replicas.group=shiplog-cluster-applier")) {
                String sha = repo.push(Manifests.webApp(namespace, "one", "registry.local/web:1.0.0"));

                ApplyCompleted completed = awaitCompleted(kafka, cluster, sha);

                assertThat(completed.getStatus()).isEqualTo(ApplyStatus.SUCCEEDED);
                assertThat(completed.getResults()).extracting(ObjectResult::getAction)
                        .hasSize(4).containsOnly(ObjectAction.CREATED);
            }
        }
    }

    private static Map<String, Object> producerConfig(SecuredKafka kafka, String user) {
        Map<String, Object> config = kafka.clientProperties(user);
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", ShiplogAvroSerializer.class.getName());
        config.put("schema.registry.url", kafka.registry().url());
        config.put("acks", "all");
        return config;
    }

    /** Reads shiplog.applies as the CLI's principal until the applier reported {@code sha} on {@code cluster}. */
    private static ApplyCompleted awaitCompleted(SecuredKafka kafka, String cluster, String sha) {
        Map<String, Object> config = kafka.clientProperties(CLI);
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.putAll(ShiplogAvroDeserializer.specificReaderConfig(kafka.registry().url()));
        List<ApplyCompleted> completed = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, Object>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(TopicCatalogue.APPLIES.name(),
                    Duration.ofSeconds(30)).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await("ApplyCompleted of " + cluster + " at " + sha).atMost(Duration.ofMinutes(3)).pollInSameThread()
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> {
                        consumer.poll(Duration.ofMillis(250)).forEach(record -> {
                            if (record.value() instanceof ApplyEvent event
                                    && event.getPayload() instanceof ApplyCompleted done
                                    && done.getCluster().equals(cluster) && done.getCommitSha().equals(sha)) {
                                completed.add(done);
                            }
                        });
                        return !completed.isEmpty();
                    });
        }
        return completed.get(0);
    }
}
