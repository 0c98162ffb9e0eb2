package io.shiplog.gitwriter.events;

import io.shiplog.events.CommitEvent;
import io.shiplog.events.CommitObserved;
import io.shiplog.events.ManifestsCommitted;
import io.shiplog.gitwriter.release.CommitEvents;
import io.shiplog.gitwriter.release.PublishedCommits;
import io.shiplog.schemas.kafka.LogReader;
import io.shiplog.schemas.serde.AvroRecordDecoder;
import io.shiplog.schemas.topic.TopicCatalogue;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.KafkaException;

/**
 * Reads {@code shiplog.commits} back: the partition of a config repository's key from the first record at or after a
 * time up to the end, collecting the shas of its {@code ManifestsCommitted} / {@code CommitObserved}. One
 * {@link LogReader} (no group, nothing committed) shared by the repositories' loops. Read-committed, so it sees only
 * what is out; a record that cannot be decoded names no commit and is skipped.
 */
public final class KafkaPublishedCommits implements PublishedCommits, AutoCloseable {

    private final LogReader reader;
    private final AvroRecordDecoder decoder;

    public KafkaPublishedCommits(LogReader reader, AvroRecordDecoder decoder) {
        this.reader = reader;
        this.decoder = decoder;
    }

    @Override
    public Set<String> since(String configRepo, String branch, Instant since)
            throws CommitEvents.EventsUnavailableException {
        String key = configRepo + "#" + branch;
        Set<String> shas = new HashSet<>();
        LogReader.Summary summary;
        try {
            summary = reader.read(LogReader.Range.ofKey(TopicCatalogue.COMMITS.name(), key).since(since),
                    record -> decoder.decode(record, CommitEvent.class), (record, event) -> shaOf(event, shas));
        } catch (KafkaException e) {
            throw new CommitEvents.EventsUnavailableException("cannot read " + TopicCatalogue.COMMITS.name()
                    + " back for " + key + ": " + e.getMessage(), e);
        }
        if (!summary.complete()) {
            throw new CommitEvents.EventsUnavailableException("reading " + TopicCatalogue.COMMITS.name() + " back for "
                    + key + " did not reach its end in time", null);
        }
        return shas;
    }

    private static void shaOf(CommitEvent event, Set<String> shas) {
        if (event == null) {
            return;
        }
        if (event.getPayload() instanceof ManifestsCommitted c) {
            shas.add(c.getSha());
        } else if (event.getPayload() instanceof CommitObserved o) {
            shas.add(o.getSha());
        }
    }

    @Override
    public void close() {
        reader.close();
    }
}
