package io.shiplog.gitwriter.release;

import java.util.List;

/** Where a commit loop's reports go (Kafka in the service). Each call returns once the broker has the events. */
public interface CommitEvents {

    /** Publishes records on {@code shiplog.commits} under the key of {@code configRepo} and {@code branch}. */
    void publish(String configRepo, String branch, List<CommitRecord> records) throws EventsUnavailableException;

    /**
     * Publishes on {@code shiplog.watchlist} what a head change of a config repository at {@code headCommit}
     * touched: every entry (merged over the config repositories using the image), and a tombstone for each image
     * repository of {@code removed}.
     */
    void publishWatchList(String configRepo, String branch, String headCommit, List<WatchEntry> entries,
                          List<String> removed) throws EventsUnavailableException;

    /** The broker did not take the events in time. */
    final class EventsUnavailableException extends Exception {
        public EventsUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
