package io.shiplog.gitwriter.git;

import java.time.Instant;
import java.util.List;

/**
 * A commit that appeared on the watched branch, as the events need it.
 *
 * @param trailers the message's {@code Shiplog-*} trailers (key → values in order); empty for a human's commit
 */
public record NewCommit(String sha, List<String> parents, String authorName, String authorEmail,
                        String committerName, String committerEmail, Instant committedAt, String message,
                        List<String> changedPaths, java.util.Map<String, List<String>> trailers) {

    /** Whether Shiplog made it (it carries a {@code Shiplog-Commit} trailer). */
    public boolean shiplogCommit() {
        return trailers.containsKey(CommitTrailers.COMMIT);
    }
}
