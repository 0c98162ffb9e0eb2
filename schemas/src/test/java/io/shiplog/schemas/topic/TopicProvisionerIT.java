package io.shiplog.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.junit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class TopicProvisionerIT {

    private Admin admin;
    private TopicProvisioner provisioner;
    private String prefix;

    @BeforeEach
    void connect(KafkaBroker kafka) {
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        provisioner = new TopicProvisioner(admin, Optional.empty(), Duration.ofSeconds(30));
        prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    }

    @AfterEach
    void close() {
        admin.close();
    }

    @Test
    void createsEveryCatalogueTopicWithItsCleanupPolicyAndRetention() throws Exception {
        List<TopicSpec> catalogue = renamed(TopicCatalogue.all(3));

        TopicProvisioner.ProvisioningReport report = provisioner.provision(catalogue);

        assertThat(report.created()).hasSize(7);
        assertThat(report.verified()).isEmpty();
        // a topic created a moment ago may not be described until its metadata reached the broker
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            Config images = topicConfig(prefix + "shiplog.images");
            assertThat(images.get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(images.get("retention.ms").value()).isEqualTo("-1");
            assertThat(images.get("retention.bytes").value()).isEqualTo("-1");
            assertThat(topicConfig(prefix + "shiplog.watchlist").get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(topicConfig(prefix + "shiplog.commands").get("retention.ms").value())
                    .isEqualTo(Long.toString(Duration.ofDays(7).toMillis()));
            assertThat(admin.describeTopics(List.of(prefix + "shiplog.applies")).allTopicNames().get()
                    .get(prefix + "shiplog.applies").partitions()).hasSize(3);
        });
    }

    @Test
    void secondRunVerifiesWithoutCreatingAnything() {
        List<TopicSpec> catalogue = renamed(TopicCatalogue.all(2));
        provisioner.provision(catalogue);

        TopicProvisioner.ProvisioningReport again = provisioner.provision(catalogue);

        assertThat(again.created()).isEmpty();
        assertThat(again.verified()).hasSize(7);
    }

    @Test
    void refusesATopicThatWouldLoseTheReleaseHistory() throws Exception {
        admin.createTopics(List.of(new NewTopic(prefix + "shiplog.applies", 2, (short) 1)
                .configs(Map.of("cleanup.policy", "delete", "retention.ms", "604800000")))).all().get();
        admin.createTopics(List.of(new NewTopic(prefix + "shiplog.watchlist", 2, (short) 1)
                .configs(Map.of("cleanup.policy", "delete")))).all().get();

        assertThatThrownBy(() -> provisioner.provision(renamed(TopicCatalogue.all(2))))
                .isInstanceOf(TopicMismatchException.class)
                .hasMessageContaining("topic " + prefix + "shiplog.applies has retention.ms=604800000, Shiplog needs -1")
                .hasMessageContaining("kept forever")
                .hasMessageContaining("topic " + prefix + "shiplog.watchlist has cleanup.policy=delete, Shiplog needs compact");
    }

    @Test
    void refusesATopicWithAnotherPartitionCount() throws Exception {
        admin.createTopics(List.of(new NewTopic(prefix + "shiplog.images", 1, (short) 1)
                .configs(Map.of("retention.ms", "-1", "retention.bytes", "-1")))).all().get();

        assertThatThrownBy(() -> provisioner.provision(renamed(TopicCatalogue.all(4))))
                .isInstanceOf(TopicMismatchException.class)
                .satisfies(e -> assertThat(((TopicMismatchException) e).mismatches())
                        .containsExactly("topic " + prefix + "shiplog.images has 1 partitions, Shiplog is configured for 4"));
    }

    @Test
    void failsWithinItsTimeoutWhenKafkaIsUnreachable() {
        try (Admin unreachable = Admin.create(Map.of("bootstrap.servers", "127.0.0.1:1",
                "request.timeout.ms", "1000", "default.api.timeout.ms", "2000"))) {
            TopicProvisioner doomed = new TopicProvisioner(unreachable, Optional.empty(), Duration.ofSeconds(2));

            assertThatThrownBy(() -> doomed.provision(renamed(TopicCatalogue.all())))
                    .isInstanceOf(TopicProvisioningException.class)
                    .hasMessageContaining("cannot list topics");
        }
    }

    private List<TopicSpec> renamed(List<TopicSpec> specs) {
        return specs.stream().map(s -> new TopicSpec(prefix + s.name(), s.keyMeaning(), s.partitions(),
                s.cleanupPolicy(), s.retention(), s.valueSchema())).toList();
    }

    private Config topicConfig(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}
