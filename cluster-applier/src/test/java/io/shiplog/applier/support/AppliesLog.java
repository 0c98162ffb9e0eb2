package io.shiplog.applier.support;

import static org.awaitility.Awaitility.await;

import io.shiplog.events.ApplyCompleted;
import io.shiplog.events.ApplyEvent;
import io.shiplog.events.ApplyFailed;
import io.shiplog.events.ApplyStarted;
import io.shiplog.events.ApplyTrigger;
import io.shiplog.schemas.serde.ShiplogAvroDeserializer;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.schemas.topic.TopicProvisioner;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import io.shiplog.testkit.kafka.KafkaBroker;
import io.shiplog.testkit.schemaregistry.SchemaRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code shiplog.applies} from its end at creation, in the background, so tests can wait for the events
 * their clusters produce. Also keeps the raw text of every record value, to check what never appears in them.
 */
public final class AppliesLog implements AutoCloseable {

    private final List<ApplyEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> rawValues = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public AppliesLog() {
        Map<String, Object> config = Map.of(
                "bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                "schema.registry.url", SchemaRegistry.shared().url(),
                "specific.avro.reader", true,
                "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", ShiplogAvroDeserializer.class.getName(),
                "isolation.level", "read_committed");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers()))) {
            new TopicProvisioner(admin, Optional.empty(), Duration.ofSeconds(30)).provision(TopicCatalogue.all());
        }
        KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = consumer.partitionsFor(TopicCatalogue.APPLIES.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(100))) {
                        ApplyEvent event = (ApplyEvent) record.value();
                        events.add(event);
                        rawValues.add(event.toString());
                    }
                }
            }
        }, "applies-log");
        thread.setDaemon(true);
        thread.start();
    }

    public List<ApplyEvent> events() {
        return List.copyOf(events);
    }

    /** Every record value as text (Avro's JSON-like rendering). */
    public String allText() {
        return String.join("\n", rawValues);
    }

    public List<ApplyCompleted> completed(String cluster) {
        return payloads(ApplyCompleted.class, c -> c.getCluster().equals(cluster));
    }

    public List<ApplyStarted> started(String cluster) {
        return payloads(ApplyStarted.class, c -> c.getCluster().equals(cluster));
    }

    public List<ApplyFailed> failed(String cluster) {
        return payloads(ApplyFailed.class, c -> c.getCluster().equals(cluster));
    }

    /** Waits for the ApplyCompleted of {@code cluster} at {@code sha} with {@code trigger}. */
    public ApplyCompleted awaitCompleted(String cluster, String sha, ApplyTrigger trigger) {
        return await("ApplyCompleted of " + cluster + " at " + sha + " (" + trigger + ")")
                .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> completed(cluster).stream()
                        .filter(c -> c.getCommitSha().equals(sha) && c.getTrigger() == trigger)
                        .reduce((a, b) -> b).orElse(null), c -> c != null);
    }

    /** Waits for the next ApplyCompleted of {@code cluster} after the {@code seen} ones it had. */
    public ApplyCompleted awaitNextCompleted(String cluster, int seen) {
        return await("ApplyCompleted #" + (seen + 1) + " of " + cluster).atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> completed(cluster).size() > seen ? completed(cluster).get(seen) : null, c -> c != null);
    }

    public ApplyFailed awaitFailed(String cluster) {
        return await("ApplyFailed of " + cluster).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> failed(cluster).stream().findFirst().orElse(null), f -> f != null);
    }

    private <T> List<T> payloads(Class<T> type, Predicate<T> filter) {
        List<T> matching = new ArrayList<>();
        for (ApplyEvent event : events) {
            if (type.isInstance(event.getPayload()) && filter.test(type.cast(event.getPayload()))) {
                matching.add(type.cast(event.getPayload()));
            }
        }
        return matching;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
