package io.shiplog.gitwriter.support;

import io.shiplog.events.CommitEvent;
import io.shiplog.events.DeadLetter;
import io.shiplog.events.WatchlistEvent;
import io.shiplog.schemas.testing.EventLog;
import io.shiplog.schemas.testing.EventLog.Entry;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What git-writer publishes on {@code shiplog.commits}, {@code shiplog.watchlist} and {@code shiplog.dlq} from the
 * log's opening on ({@link EventLog}), by config repository and image repository.
 */
public final class EventsLog implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    private final EventLog log;

    private EventsLog(EventLog log) {
        this.log = log;
    }

    /** A log read from the topics' ends now. */
    public EventsLog() {
        this(EventLog.fromEnd(TopicCatalogue.COMMITS, TopicCatalogue.WATCHLIST, TopicCatalogue.DLQ));
    }

    /**
     * A log for a whole test class, opened before its first test and closed after its last:
     * {@code @RegisterExtension static final EventsLog log = EventsLog.perClass();}.
     */
    public static EventsLog perClass() {
        return new EventsLog(EventLog.perClass(TopicCatalogue.COMMITS, TopicCatalogue.WATCHLIST,
                TopicCatalogue.DLQ));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        log.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        log.afterAll(context);
    }

    public List<Entry> entries() {
        return log.entries();
    }

    /** Payloads of {@code type} on {@code shiplog.commits} for {@code configRepo}, in order. */
    public <T> List<T> commits(String configRepo, Class<T> type) {
        return commitEntries(configRepo).filter(e -> type.isInstance(e.payload())).map(e -> type.cast(e.payload()))
                .toList();
    }

    /** The envelopes on {@code shiplog.commits} for {@code configRepo}. */
    public List<CommitEvent> commitEnvelopes(String configRepo) {
        return commitEntries(configRepo).map(e -> (CommitEvent) e.value()).toList();
    }

    public <T> T awaitCommit(String configRepo, Class<T> type, Predicate<T> match) {
        return log.await(type.getSimpleName() + " for " + configRepo, () -> commits(configRepo, type).stream()
                .filter(match).findFirst().orElse(null));
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
        return log.payloads(DeadLetter.class, letter -> true);
    }

    /** Every key and value as text (Avro's JSON-like rendering). */
    public String allText() {
        return log.allText();
    }

    @Override
    public void close() {
        log.close();
    }

    private java.util.stream.Stream<Entry> commitEntries(String configRepo) {
        return entries().stream().filter(e -> e.topic().equals(TopicCatalogue.COMMITS.name()) && e.key() != null
                && e.key().startsWith(configRepo + "#") && e.value() instanceof CommitEvent);
    }
}
