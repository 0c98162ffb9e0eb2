package io.shiplog.gitwriter.support;

import static org.awaitility.Awaitility.await;

import io.shiplog.events.CommitEvent;
import io.shiplog.events.DeadLetter;
import io.shiplog.events.WatchlistEvent;
import io.shiplog.schemas.serde.ShiplogAvroDeserializer;
import io.shiplog.schemas.topic.TopicCatalogue;
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
 * Reads {@code shiplog.commits}, {@code shiplog.watchlist} and {@code shiplog.dlq} from their ends at creation,
 * in the background, so tests can wait for what git-writer publishes. Keeps each record's key and the text of every
 * value, to check what never appears in them.
 */
public final class EventsLog implements AutoCloseable {

    /** One record: topic, key, value (null for a tombstone). */
    public record Entry(String topic, String key, Object value) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public EventsLog() {
        Kafka.events();
        KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                "schema.registry.url", SchemaRegistry.shared().url(),
                "specific.avro.reader", true,
                "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", ShiplogAvroDeserializer.class.getName(),
                "isolation.level", "read_committed"));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(TopicCatalogue.COMMITS.name(), TopicCatalogue.WATCHLIST.name(),
                TopicCatalogue.DLQ.name())) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(100))) {
                        entries.add(new Entry(r.topic(), r.key(), r.value()));
                    }
                }
            }
        }, "events-log");
        thread.setDaemon(true);
        thread.start();
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Payloads of {@code type} on {@code shiplog.commits} for {@code configRepo}, in order. */
    public <T> List<T> commits(String configRepo, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.topic().equals(TopicCatalogue.COMMITS.name()) && e.key() != null
                    && e.key().startsWith(configRepo + "#") && e.value() instanceof CommitEvent c
                    && type.isInstance(c.getPayload())) {
                out.add(type.cast(c.getPayload()));
            }
        }
        return out;
    }

    /** The envelopes on {@code shiplog.commits} for {@code configRepo}. */
    public List<CommitEvent> commitEnvelopes(String configRepo) {
        return entries.stream().filter(e -> e.topic().equals(TopicCatalogue.COMMITS.name()) && e.key() != null
                && e.key().startsWith(configRepo + "#") && e.value() instanceof CommitEvent)
                .map(e -> (CommitEvent) e.value()).toList();
    }

    public <T> T awaitCommit(String configRepo, Class<T> type, Predicate<T> match) {
        return await(type.getSimpleName() + " for " + configRepo).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> commits(configRepo, type).stream().filter(match).findFirst().orElse(null),
                        found -> found != null);
    }

    /** Watch-list records for an image repository key, in order (null values are tombstones). */
    public List<Entry> watchlist(String repository) {
        return entries.stream().filter(e -> e.topic().equals(TopicCatalogue.WATCHLIST.name())
                && repository.equals(e.key())).toList();
    }

    public List<WatchlistEvent> watchlistEvents(String repository) {
        return watchlist(repository).stream().filter(e -> e.value() != null).map(e -> (WatchlistEvent) e.value())
                .toList();
    }

    public List<DeadLetter> deadLetters() {
        return entries.stream().filter(e -> e.topic().equals(TopicCatalogue.DLQ.name()) && e.value() != null)
                .map(e -> (DeadLetter) e.value()).toList();
    }

    /** Every value as text (Avro's JSON-like rendering). */
    public String allText() {
        StringBuilder out = new StringBuilder();
        entries.forEach(e -> out.append(e.key()).append(' ').append(e.value()).append('\n'));
        return out.toString();
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
