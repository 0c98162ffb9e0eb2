package io.shiplog.dev.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplog.schemas.topic.TopicCatalogue;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a SASL/SCRAM broker with the KRaft StandardAuthorizer and exactly the ACLs of deploy/kafka/kafka-users.yaml,
 * each service's principal does what its code does (the groups, topics and writes below are taken from the services'
 * followers, readers and publishers), and nothing it has no ACL for.
 */
class KafkaAclsIT {

    private static final String WATCHLIST = TopicCatalogue.WATCHLIST.name();
    private static final String IMAGES = TopicCatalogue.IMAGES.name();
    private static final String COMMITS = TopicCatalogue.COMMITS.name();
    private static final String APPLIES = TopicCatalogue.APPLIES.name();
    private static final String DRIFT = TopicCatalogue.DRIFT.name();
    private static final String COMMANDS = TopicCatalogue.COMMANDS.name();
    private static final String DLQ = TopicCatalogue.DLQ.name();

    @TempDir
    static Path dir;
    private static SecuredKafka kafka;

    @BeforeAll
    static void startSecuredBrokerWithTheDocumentedAcls() throws Exception {
        kafka = SecuredKafka.start();
        try (var producer = new KafkaProducer<>(kafka.adminProperties(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (var topic : TopicCatalogue.all()) {
                producer.send(new ProducerRecord<>(topic.name(), "seed".getBytes(), new byte[] {0})).get();
            }
        }
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void registryScannerFollowsTheWatchListAndPublishesImages() throws Exception {
        ServiceKafkaClients scanner = clients("shiplog-registry-scanner");

        assertThat(scanner.readWithGroup("shiplog-registry-scanner", List.of(WATCHLIST))).contains(WATCHLIST);
        assertThat(scanner.readAssigned(IMAGES).topic()).isEqualTo(IMAGES);
        assertThat(scanner.publish(IMAGES).topic()).isEqualTo(IMAGES);
        assertThat(scanner.publish(DLQ).topic()).isEqualTo(DLQ);
        assertThat(scanner.checkTopics(false).verified()).hasSize(TopicCatalogue.all().size());
    }

    @Test
    void gitWriterReadsImagesAndCommandsAndWritesCommits() throws Exception {
        ServiceKafkaClients gitWriter = clients("shiplog-git-writer");

        assertThat(gitWriter.readWithGroup("git-writer", List.of(IMAGES, COMMANDS))).contains(IMAGES, COMMANDS);
        assertThat(gitWriter.readAssigned(COMMITS).topic()).isEqualTo(COMMITS);
        assertThat(gitWriter.publish(COMMITS).topic()).isEqualTo(COMMITS);
        assertThat(gitWriter.publish(WATCHLIST).topic()).isEqualTo(WATCHLIST);
        assertThat(gitWriter.publish(DLQ).topic()).isEqualTo(DLQ);
        assertThat(gitWriter.checkTopics(true).verified()).hasSize(TopicCatalogue.all().size());
    }

    @Test
    void clusterApplierReadsCommandsWithTheReplicasGroupCommitsWithoutOneAndWritesApplies() throws Exception {
        ServiceKafkaClients applier = clients("shiplog-cluster-applier");

        assertThat(applier.readWithGroup("shiplog-cluster-applier", List.of(COMMANDS))).contains(COMMANDS);
        assertThat(applier.readAssigned(COMMITS).topic()).isEqualTo(COMMITS);
        assertThat(applier.readAssigned(APPLIES).topic()).isEqualTo(APPLIES);
        assertThat(applier.publish(APPLIES).topic()).isEqualTo(APPLIES);
        assertThat(applier.publish(DLQ).topic()).isEqualTo(DLQ);
        assertThat(applier.checkTopics(false).verified()).hasSize(TopicCatalogue.all().size());
    }

    @Test
    void driftAuditorReadsAppliesWithItsGroupTheWholeLogWithoutOneAndWritesDriftAndResyncCommands() throws Exception {
        ServiceKafkaClients auditor = clients("shiplog-drift-auditor");

        assertThat(auditor.readWithGroup("shiplog-drift-auditor", List.of(APPLIES))).contains(APPLIES);
        for (String topic : List.of(WATCHLIST, IMAGES, COMMITS, APPLIES, DRIFT, COMMANDS)) {
            assertThat(auditor.readAssigned(topic).topic()).isEqualTo(topic);
        }
        assertThat(auditor.publish(DRIFT).topic()).isEqualTo(DRIFT);
        assertThat(auditor.publish(COMMANDS).topic()).isEqualTo(COMMANDS);
        assertThat(auditor.publish(DLQ).topic()).isEqualTo(DLQ);
        assertThat(auditor.checkTopics(false).verified()).hasSize(TopicCatalogue.all().size());
    }

    @Test
    void cliReadsTheReleaseLogAndPublishesCommands() throws Exception {
        ServiceKafkaClients cli = clients("shiplog-cli");

        for (String topic : List.of(WATCHLIST, IMAGES, COMMITS, APPLIES, DRIFT, COMMANDS)) {
            assertThat(cli.readAssigned(topic).topic()).isEqualTo(topic);
        }
        assertThat(cli.publish(COMMANDS).topic()).isEqualTo(COMMANDS);
        assertThat(cli.publish(APPLIES).topic()).isEqualTo(APPLIES);
    }

    @Test
    void aPrincipalWithoutTheAclCannotPublishCommands() throws Exception {
        ServiceKafkaClients scanner = clients("shiplog-registry-scanner");
        ServiceKafkaClients applier = clients("shiplog-cluster-applier");

        assertThatThrownBy(() -> scanner.publish(COMMANDS)).hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> applier.publish(COMMANDS)).hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> clients(SecuredKafka.INTRUDER).publish(COMMANDS))
                .hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void aPrincipalWithoutTheAclCannotReadCommitsWithItsGroup() throws Exception {
        ServiceKafkaClients scanner = clients("shiplog-registry-scanner");

        assertThatThrownBy(() -> scanner.pollWithGroupUntilRefused("shiplog-registry-scanner", List.of(COMMITS)))
                .isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void aPrincipalCannotUseAnotherServicesConsumerGroup() throws Exception {
        ServiceKafkaClients auditor = clients("shiplog-drift-auditor");

        assertThatThrownBy(() -> auditor.pollWithGroupUntilRefused("shiplog-cluster-applier", List.of(COMMANDS)))
                .isInstanceOf(GroupAuthorizationException.class);
        assertThatThrownBy(() -> auditor.pollWithGroupUntilRefused("git-writer", List.of(COMMANDS)))
                .isInstanceOf(GroupAuthorizationException.class);
    }

    @Test
    void aWrongPasswordIsRefusedAtAuthentication() throws Exception {
        ServiceKafkaClients impostor = ServiceKafkaClients.of(dir.resolve("impostor"), kafka.bootstrapServers(),
                "shiplog-git-writer", "not-the-password");

        assertThatThrownBy(() -> impostor.publish(COMMITS)).hasCauseInstanceOf(SaslAuthenticationException.class);
    }

    private static ServiceKafkaClients clients(String user) throws Exception {
        return ServiceKafkaClients.of(dir.resolve(user), kafka.bootstrapServers(), user, kafka.password(user));
    }
}
