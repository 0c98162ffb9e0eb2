package io.shiplog.gitwriter.support;

import static org.awaitility.Awaitility.await;

import io.shiplog.events.CommitEvent;
import io.shiplog.events.DeadLetter;
import io.shiplog.events.WatchlistEvent;
import io.shiplog.schemas.serde.ShiplogAvroDeserializer;
import io.shiplog.schemas.topic.TopicCatalogue;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.kafka.TopicTail;
import io.shiplog.local.schemaregistry.SchemaRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Reads {@code shiplog.commits}, {@code shiplog.watchlist} and {@code shiplog.dlq} from their ends at creation,
 * in the background, so tests can wait for what git-writer publishes. Keeps each record's key and the text of every
 * value, to check what never appears in them.
 */
public final class EventsLog implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    /** One record: topic, key, value (null for a tombstone). */
    public record Entry(String topic, String key, Object value) {
    }

    private TopicTail tail;

    /** A log read from the topics' ends now. */
    public EventsLog() {
        open();
    }

    private EventsLog(boolean openNow) {
        if (openNow) {
            open();
        }
    }

    /**
     * A log for a whole test class, opened before its first test and closed after its last:
     * {@code @RegisterExtension static final EventsLog log = EventsLog.perClass();}.
     */
    public static EventsLog perClass() {
        return new EventsLog(false);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        open();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void open() {
        Kafka.events();
        tail = TopicTail.fromEnd(KafkaBroker.shared().bootstrapServers(),
                ShiplogAvroDeserializer.specificReaderConfig(SchemaRegistry.shared().url()),
                List.of(TopicCatalogue.COMMITS.name(), TopicCatalogue.WATCHLIST.name(), TopicCatalogue.DLQ.name()));
    }

    public List<Entry> entries() {
        if (tail == null) {
            throw new IllegalStateException("the events log is not open: register it as an extension");
        }
        return tail.received().stream().map(r -> new Entry(r.topic(), r.key(), r.value())).toList();
    }

    /** Payloads of {@code type} on {@code shiplog.commits} for {@code configRepo}, in order. */
    public <T> List<T> commits(String configRepo, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Entry e : entries()) {
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
        return entries().stream().filter(e -> e.topic().equals(TopicCatalogue.COMMITS.name()) && e.key() != null
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
        return entries().stream().filter(e -> e.topic().equals(TopicCatalogue.WATCHLIST.name())
                && repository.equals(e.key())).toList();
    }

    public List<WatchlistEvent> watchlistEvents(String repository) {
        return watchlist(repository).stream().filter(e -> e.value() != null).map(e -> (WatchlistEvent) e.value())
                .toList();
    }

    public List<DeadLetter> deadLetters() {
        return entries().stream().filter(e -> e.topic().equals(TopicCatalogue.DLQ.name()) && e.value() != null)
                .map(e -> (DeadLetter) e.value()).toList();
    }

    /** Every value as text (Avro's JSON-like rendering). */
    public String allText() {
        StringBuilder out = new StringBuilder();
        entries().forEach(e -> out.append(e.key()).append(' ').append(e.value()).append('\n'));
        return out.toString();
    }

    @Override
    public void close() {
        if (tail != null) {
            tail.close();
            tail = null;
        }
    }
}
