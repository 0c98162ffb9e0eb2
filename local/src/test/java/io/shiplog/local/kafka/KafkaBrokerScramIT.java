package io.shiplog.local.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerScramIT {

    private static final String TOPIC = "testkit.secured";
    private static final KafkaBroker.ScramSecurity SCRAM = new KafkaBroker.ScramSecurity("admin", "admin-pw",
            Map.of("alice", "alice-pw", "bob", "bob-pw"));

    @Test
    void authenticatesWithScramAndAuthorizesWithAclsAlsoAfterARestart() throws Exception {
        try (RestartableKafkaBroker kafka = KafkaBroker.startEmbedded(
                KafkaBroker.EmbeddedOptions.ephemeral().withScram(SCRAM))) {
            try (Admin admin = Admin.create(config(kafka, SCRAM.adminClientProperties()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
                admin.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, TOPIC,
                        PatternType.LITERAL), new AccessControlEntry("User:alice", "*", AclOperation.WRITE,
                        AclPermissionType.ALLOW)))).all().get();
            }

            assertThat(send(kafka, "alice", "alice-pw").offset()).isZero();
            assertThatThrownBy(() -> send(kafka, "bob", "bob-pw"))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> send(kafka, "alice", "wrong-pw"))
                    .isInstanceOf(SaslAuthenticationException.class);

            kafka.stop();
            kafka.start();

            assertThat(send(kafka, "alice", "alice-pw").offset()).isEqualTo(1);
            assertThatThrownBy(() -> send(kafka, "bob", "bob-pw"))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    private static org.apache.kafka.clients.producer.RecordMetadata send(KafkaBroker kafka, String user,
                                                                      String password) throws Exception {
        Map<String, Object> config = config(kafka, KafkaBroker.ScramSecurity.clientProperties(user, password));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(TOPIC, user, "hello")).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SaslAuthenticationException failed) {
                throw failed;
            }
            throw e;
        }
    }

    private static Map<String, Object> config(KafkaBroker kafka, Map<String, Object> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put("bootstrap.servers", kafka.bootstrapServers());
        return config;
    }
}
