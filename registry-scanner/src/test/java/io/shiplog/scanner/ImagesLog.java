package io.shiplog.scanner;


import io.shiplog.events.ImageEvent;
import io.shiplog.schemas.serde.ShiplogAvroDeserializer;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicProvisioner;
import io.shiplog.testkit.kafka.KafkaBroker;
import io.shiplog.testkit.schemaregistry.SchemaRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The payloads written to {@code shiplog.images} from now on, with the time each arrived. */
final class ImagesLog implements AutoCloseable {

    record Received(Object payload, long atNanos) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    ImagesLog() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers()))) {
            new TopicProvisioner(admin, Optional.empty(), Duration.ofSeconds(30)).provision(TopicCatalogue.all());
        }
        KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                "schema.registry.url", SchemaRegistry.shared().url(), "specific.avro.reader", true,
                "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", ShiplogAvroDeserializer.class.getName()));
        List<TopicPartition> partitions = consumer.partitionsFor(TopicCatalogue.IMAGES.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        Thread thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(20))) {
                        received.add(new Received(((ImageEvent) record.value()).getPayload(), System.nanoTime()));
                    }
                }
            }
        }, "images-log");
        thread.setDaemon(true);
        thread.start();
    }

    <T> List<T> all(Class<T> type, Predicate<T> filter) {
        List<T> out = new ArrayList<>();
        for (Received r : received) {
            if (type.isInstance(r.payload()) && filter.test(type.cast(r.payload()))) {
                out.add(type.cast(r.payload()));
            }
        }
        return out;
    }

    /** Every payload about {@code repository}, any type. */
    List<Object> about(String repository) {
        return received.stream().map(Received::payload).filter(p -> p.toString().contains("\"repository\": \""
                + repository + "\"")).toList();
    }

    <T> T await(Class<T> type, Predicate<T> filter) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> all(type, filter).stream().findFirst().orElse(null), v -> v != null);
    }

    /** Nanotime the first matching payload arrived. */
    <T> long arrivedAt(Class<T> type, Predicate<T> filter) {
        return received.stream().filter(r -> type.isInstance(r.payload()) && filter.test(type.cast(r.payload())))
                .findFirst().orElseThrow().atNanos();
    }

    @Override
    public void close() {
        running = false;
    }
}
