package io.shiplog.auditor.support;

import io.shiplog.events.DeadLetter;
import io.shiplog.schemas.serde.ShiplogAvroDeserializer;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads {@code shiplog.dlq} from the beginning to its current end. */
public final class DeadLetters {

    private DeadLetters() {
    }

    public static List<DeadLetter> all() {
        Map<String, Object> config = Map.of(
                "bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                "schema.registry.url", SchemaRegistry.shared().url(),
                "specific.avro.reader", true,
                "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", ShiplogAvroDeserializer.class.getName());
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(TopicCatalogue.DLQ.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
                    letters.add((DeadLetter) record.value());
                }
            }
        }
        return letters;
    }
}
