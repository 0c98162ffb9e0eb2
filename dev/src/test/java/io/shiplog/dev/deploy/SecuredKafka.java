package io.shiplog.dev.deploy;

import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.kafka.RestartableKafkaBroker;
import io.shiplog.local.schemaregistry.EmbeddedSchemaRegistry;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicProvisioner;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;

/**
 * A SASL/SCRAM broker with the KRaft StandardAuthorizer, Shiplog's topics, a SCRAM credential for every principal of
 * deploy/kafka/kafka-users.yaml (and {@value #INTRUDER}, who has none) and exactly that file's ACLs; optionally the
 * schema registry on it.
 */
final class SecuredKafka implements AutoCloseable {

    /** An authenticated principal without any ACL. */
    static final String INTRUDER = "shiplog-intruder";

    private final RestartableKafkaBroker broker;
    private final KafkaBroker.ScramSecurity scram;
    private EmbeddedSchemaRegistry registry;

    private SecuredKafka(RestartableKafkaBroker broker, KafkaBroker.ScramSecurity scram) {
        this.broker = broker;
        this.scram = scram;
    }

    static SecuredKafka start() throws Exception {
        var acls = KafkaAclFiles.fromKafkaUsers();
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String user : KafkaAclFiles.principals(acls)) {
            passwords.put(user, UUID.randomUUID().toString());
        }
        passwords.put(INTRUDER, UUID.randomUUID().toString());
        KafkaBroker.ScramSecurity scram = new KafkaBroker.ScramSecurity("admin", UUID.randomUUID().toString(),
                passwords);
        SecuredKafka kafka = new SecuredKafka(KafkaBroker.startEmbedded(
                KafkaBroker.EmbeddedOptions.ephemeral().withScram(scram)), scram);
        try (Admin admin = Admin.create(kafka.adminProperties())) {
            new TopicProvisioner(admin, Optional.empty(), Duration.ofSeconds(30)).provision(TopicCatalogue.all());
            admin.createAcls(acls).all().get();
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    String password(String user) {
        return scram.users().get(user);
    }

    /** The {@code sasl.jaas.config} value that logs in as {@code user}. */
    String jaas(String user) {
        return (String) KafkaBroker.ScramSecurity.clientProperties(user, password(user)).get("sasl.jaas.config");
    }

    /** Bootstrap servers and SASL settings of {@code user}. */
    Map<String, Object> clientProperties(String user) {
        Map<String, Object> properties = new HashMap<>(KafkaBroker.ScramSecurity.clientProperties(user,
                password(user)));
        properties.put("bootstrap.servers", bootstrapServers());
        return properties;
    }

    /** Bootstrap servers and the super user's SASL settings. */
    Map<String, Object> adminProperties() {
        Map<String, Object> properties = new HashMap<>(scram.adminClientProperties());
        properties.put("bootstrap.servers", bootstrapServers());
        return properties;
    }

    /** The schema registry, its own topic written as the super user (the registry's own principal in production). */
    synchronized EmbeddedSchemaRegistry registry() {
        if (registry == null) {
            registry = EmbeddedSchemaRegistry.builder(bootstrapServers()).kafkaProperties(adminProperties()).start();
        }
        return registry;
    }

    @Override
    public synchronized void close() {
        if (registry != null) {
            registry.close();
        }
        broker.close();
    }
}
