package io.shiplog.schemas.testing;

import static org.awaitility.Awaitility.await;

import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.schemas.topic.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reading with a plain Kafka consumer in tests: polls until what arrived is enough, or a topic read to its end. */
public final class Consume {

    private static final Duration POLL = Duration.ofMillis(200);

    private Consume() {
    }

    /**
     * Polls {@code consumer} until {@code enough} holds of the records received so far, and returns them; fails
     * naming {@code what} after {@code atMost}. The consumer is used from the calling thread only.
     */
    public static <K, V> List<ConsumerRecord<K, V>> until(Consumer<K, V> consumer, String what, Duration atMost,
                                                         Predicate<List<ConsumerRecord<K, V>>> enough) {
        List<ConsumerRecord<K, V>> received = new ArrayList<>();
        await(what).atMost(atMost).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(() -> {
                    consumer.poll(POLL).forEach(received::add);
                    return enough.test(received);
                });
        return received;
    }

    /** Every value {@code topic} of the shared broker holds now, from its beginning to its current end. */
    public static List<Object> all(TopicSpec topic) {
        Map<String, Object> config = new HashMap<>(TestKafka.specificReaderConfig());
        config.put("bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        config.put("key.deserializer", StringDeserializer.class.getName());
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            return until(consumer, topic.name() + " read to its end", Duration.ofSeconds(30), records ->
                    partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p)))
                    .stream().map(ConsumerRecord::value).toList();
        }
    }
}
