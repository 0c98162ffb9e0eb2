package io.shiplog.cli.audit;

import io.shiplog.cli.context.ContextSelection;
import io.shiplog.cli.context.ShiplogContext;
import io.shiplog.events.Command;
import io.shiplog.schemas.serde.ShiplogAvroDeserializer;
import io.shiplog.schemas.serde.ShiplogAvroSerializer;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the release log is and how to reach it: the Kafka bootstrap servers, the schema registry, and the client
 * properties of a secured Kafka and registry (SASL, TLS, registry basic auth), from options (and their environment
 * variables), the fleet file, and the context's {@code kafka} section, in that order.
 */
public final class LogOptions {

    static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";
    static final String DEFAULT_REGISTRY_URL = "http://127.0.0.1:8081";

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "${env:SHIPLOG_KAFKA}",
            description = "Kafka bootstrap servers (default: env SHIPLOG_KAFKA, else the --config file's "
                    + "kafka.bootstrapServers, else the context's kafka.bootstrap-servers, else "
                    + DEFAULT_BOOTSTRAP_SERVERS + ").")
    public String bootstrapServers;

    @Option(names = "--registry-url", paramLabel = "URL", defaultValue = "${env:SHIPLOG_SCHEMA_REGISTRY}",
            description = "Schema registry URL (default: env SHIPLOG_SCHEMA_REGISTRY, else the --config file's "
                    + "kafka.schemaRegistry, else the context's kafka.schema-registry, else " + DEFAULT_REGISTRY_URL
                    + ").")
    public String registryUrl;

    @Option(names = "--config", paramLabel = "FILE",
            defaultValue = "${env:SHIPLOG_CONFIG:-${env:SHIPLOG_APPLIER_CONFIG}}",
            description = {"The fleet file (shiplog.yaml): Kafka, the schema registry and their client properties come "
                    + "from its kafka section.",
                "Secret references in it ($${env:NAME}, $${file:PATH}) are resolved as the services resolve them.",
                "For replay cluster --kubeconfig it also defines the cluster (a cluster-applier "
                    + "configuration works there too). Default: env SHIPLOG_CONFIG, else SHIPLOG_APPLIER_CONFIG."})
    public Path config;

    @Option(names = "--kafka-properties", paramLabel = "FILE",
            description = {"Kafka client properties, a Java properties file as Kafka tools' --command-config "
                    + "(security.protocol, sasl.mechanism, sasl.jaas.config, ssl.truststore.location, …), also the "
                    + "registry's (basic.auth.credentials.source=USER_INFO, basic.auth.user.info, "
                    + "schema.registry.ssl.truststore.location, …). Overrides the --config file's."})
    Path kafkaPropertiesFile;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = {"One such client property; repeatable; overrides --kafka-properties. Put secrets in a "
                    + "file instead: other users of this machine can see a command line."})
    List<String> kafkaProperties = new ArrayList<>();

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private KafkaClientSettings settings;
    private Optional<ShiplogContext> context;

    /** Client settings shared by the CLI's consumers and producers (secrets included: never print them). */
    public Map<String, Object> clientConfig() {
        KafkaClientSettings read = settings();
        Map<String, Object> config = new HashMap<>(context().map(c -> c.resolvedKafkaProperties(System::getenv))
                .orElse(Map.of()));
        config.putAll(read.properties());
        config.put("bootstrap.servers", bootstrapServers());
        config.put("schema.registry.url", registryUrl());
        return config;
    }

    /** The bootstrap servers the clients use. */
    public String bootstrapServers() {
        return present(bootstrapServers).or(() -> settings().bootstrapServers())
                .or(() -> context().flatMap(ShiplogContext::bootstrapServers)).orElse(DEFAULT_BOOTSTRAP_SERVERS);
    }

    /** The schema registry the clients use. */
    public String registryUrl() {
        return present(registryUrl).or(() -> settings().registryUrl())
                .or(() -> context().flatMap(ShiplogContext::schemaRegistry)).orElse(DEFAULT_REGISTRY_URL);
    }

    /** The context the command runs in (none outside a {@code shiplog} command line or without a context file). */
    public Optional<ShiplogContext> context() {
        if (context == null) {
            context = command == null ? Optional.empty() : ContextSelection.current(command);
        }
        return context;
    }

    /** Who asks: the context's user, else the operating system's. */
    public String user() {
        return context().flatMap(ShiplogContext::user).orElse(System.getProperty("user.name"));
    }

    private KafkaClientSettings settings() {
        if (settings == null) {
            settings = KafkaClientSettings.read(config, kafkaPropertiesFile, kafkaProperties, System::getenv);
        }
        return settings;
    }

    private static Optional<String> present(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** A consumer of every partition of {@code topics}, positioned at their ends: what is published from now on. */
    public KafkaConsumer<String, Object> followFromEnd(String... topics) {
        Map<String, Object> config = clientConfig();
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.putAll(ShiplogAvroDeserializer.specificReaderConfig(registryUrl()));
        config.put("isolation.level", "read_committed");
        KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p ->
                    partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    /**
     * Publishes {@code command} on {@code shiplog.commands} under {@code key} and waits for the broker's ack; returns
     * where the command is (a dead letter of it names that place).
     */
    public RecordMetadata publishCommand(String key, Command command) {
        Map<String, Object> config = clientConfig();
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", ShiplogAvroSerializer.class.getName());
        config.put("acks", "all");
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(config)) {
            return producer.send(new ProducerRecord<>(TopicCatalogue.COMMANDS.name(), key, command)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the command", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish the command to " + TopicCatalogue.COMMANDS.name() + ": "
                    + e.getCause().getMessage(), e);
        }
    }
}
