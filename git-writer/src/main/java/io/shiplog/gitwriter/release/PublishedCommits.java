package io.shiplog.gitwriter.release;

import java.time.Instant;
import java.util.Set;

/**
 * What is already on {@code shiplog.commits}: lets the instance that owns a config repository skip a commit whose
 * event another instance (or this one before a restart) already published, instead of publishing it twice.
 */
@FunctionalInterface
public interface PublishedCommits {

    /** Nothing is ever found (a single process that publishes everything itself, e.g. the benchmark). */
    PublishedCommits NONE = (configRepo, branch, since) -> Set.of();

    /**
     * The shas of the {@code ManifestsCommitted} and {@code CommitObserved} events for {@code configRepo#branch}
     * published since {@code since}.
     */
    Set<String> since(String configRepo, String branch, Instant since) throws CommitEvents.EventsUnavailableException;
}
