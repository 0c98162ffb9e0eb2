package io.shiplog.schemas.testing;

import io.shiplog.events.Meta;
import io.shiplog.local.kafka.KafkaBroker;
import io.shiplog.local.kafka.TopicTail;
import io.shiplog.schemas.topic.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the services publish on some topics of the shared broker from the moment the log is opened, in arrival order,
 * read in the background ({@link TopicTail}): the envelopes' payloads by type, the first one that matches (waited
 * for), the text of every value (to check that something never appears). Opened at once ({@link #fromEnd}) or by
 * JUnit before a class's first test ({@link #perClass}, registered with {@code @RegisterExtension}).
 */
public final class EventLog implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    /** How long {@link #await} waits: long enough for a service under a loaded machine, reached only on failure. */
    public static final Duration WAIT = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(50);

    /** One record as it arrived: topic, key, value (null for a tombstone), {@link System#nanoTime()} of arrival. */
    public record Entry(String topic, String key, Object value, long atNanos) {

        /** The envelope's payload; any other value as it is. */
        public Object payload() {
            return Envelopes.payloadOf(value);
        }

        /** The envelope's meta; null for any other value. */
        public Meta meta() {
            return Envelopes.metaOf(value);
        }
    }

    private final List<String> topics;
    private volatile TopicTail tail;

    private EventLog(TopicSpec... topics) {
        this.topics = Arrays.stream(topics).map(TopicSpec::name).toList();
    }

    /** A log of {@code topics} from their current ends, open now. */
    public static EventLog fromEnd(TopicSpec... topics) {
        EventLog log = new EventLog(topics);
        log.open();
        return log;
    }

    /** A log of {@code topics} for one test class: opened before its first test, closed after its last. */
    public static EventLog perClass(TopicSpec... topics) {
        return new EventLog(topics);
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
        TestKafka.provisionTopics();
        tail = TopicTail.fromEnd(KafkaBroker.shared().bootstrapServers(), TestKafka.specificReaderConfig(), topics);
    }

    /** Every record so far. */
    public List<Entry> entries() {
        TopicTail open = tail;
        if (open == null) {
            throw new IllegalStateException("the event log of " + topics + " is not open: register it as an extension");
        }
        return open.received().stream().map(r -> new Entry(r.topic(), r.key(), r.value(), r.atNanos())).toList();
    }

    /** The payloads so far of {@code type} that match {@code filter}, in arrival order. */
    public <T> List<T> payloads(Class<T> type, Predicate<? super T> filter) {
        List<T> matching = new ArrayList<>();
        for (Entry entry : entries()) {
            Object payload = entry.payload();
            if (type.isInstance(payload) && filter.test(type.cast(payload))) {
                matching.add(type.cast(payload));
            }
        }
        return matching;
    }

    /** The first payload of {@code type} that matches {@code filter}, waited for up to {@link #WAIT}. */
    public <T> T await(Class<T> type, Predicate<? super T> filter) {
        return await(type.getSimpleName() + " on " + topics, () -> payloads(type, filter).stream().findFirst()
                .orElse(null));
    }

    /** What {@code found} returns once it returns something, waited for up to {@link #WAIT}. */
    public <T> T await(String what, Callable<T> found) {
        return Awaitility.await(what).atMost(WAIT).pollInterval(POLL).until(found, Objects::nonNull);
    }

    /** When the first payload of {@code type} that matches {@code filter} arrived ({@link System#nanoTime()}). */
    public <T> long arrivedAt(Class<T> type, Predicate<? super T> filter) {
        return entries().stream().filter(e -> type.isInstance(e.payload()) && filter.test(type.cast(e.payload())))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " arrived"))
                .atNanos();
    }

    /** The event id {@code payload} (a payload taken from this log) was published under; null if none. */
    public String eventIdOf(Object payload) {
        return entries().stream().filter(e -> e.payload() == payload && e.meta() != null).findFirst()
                .map(e -> e.meta().getEventId()).orElse(null);
    }

    /** Every key and value so far as text, one record a line: for checking that something never appears. */
    public String allText() {
        StringBuilder text = new StringBuilder();
        entries().forEach(e -> text.append(e.key()).append(' ').append(e.value()).append('\n'));
        return text.toString();
    }

    @Override
    public void close() {
        TopicTail open = tail;
        tail = null;
        if (open != null) {
            open.close();
        }
    }
}
