package io.shiplog.cli.audit;

import io.shiplog.events.Command;
import io.shiplog.schemas.serde.ShiplogAvroDeserializer;
import io.shiplog.schemas.serde.ShiplogAvroSerializer;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Option;

/** Where the release log is: the Kafka bootstrap servers and the schema registry. */
public final class LogOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            defaultValue = "${env:SHIPLOG_KAFKA:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}; env SHIPLOG_KAFKA).")
    public String bootstrapServers;

    @Option(names = "--registry-url", paramLabel = "URL",
            defaultValue = "${env:SHIPLOG_SCHEMA_REGISTRY:-http://127.0.0.1:8081}",
            description = "Schema registry URL (default ${DEFAULT-VALUE}; env SHIPLOG_SCHEMA_REGISTRY).")
    public String registryUrl;

    /** Client settings shared by the CLI's consumers and producers. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("schema.registry.url", registryUrl);
        return config;
    }

    /** A consumer of every partition of {@code topic}, positioned at its end: what is published from now on. */
    public KafkaConsumer<String, Object> followFromEnd(String topic) {
        Map<String, Object> config = clientConfig();
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.putAll(ShiplogAvroDeserializer.specificReaderConfig(registryUrl));
        config.put("isolation.level", "read_committed");
        KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    /** Publishes {@code command} on {@code shiplog.commands} under {@code key} and waits for the broker's ack. */
    public void publishCommand(String key, Command command) {
        Map<String, Object> config = clientConfig();
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", ShiplogAvroSerializer.class.getName());
        config.put("acks", "all");
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(TopicCatalogue.COMMANDS.name(), key, command)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the command", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish the command to " + TopicCatalogue.COMMANDS.name() + ": "
                    + e.getCause().getMessage(), e);
        }
    }
}
