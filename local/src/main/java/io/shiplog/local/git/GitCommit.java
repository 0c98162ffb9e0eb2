package io.shiplog.local.git;

import java.time.Instant;
import java.util.List;

/**
 * One commit read back from a repository on the {@link GitServer}.
 *
 * @param sha          the commit id (40 hex digits)
 * @param parents      parent commit ids, first parent first; empty for a root commit
 * @param authorName   the author's name
 * @param authorEmail  the author's email
 * @param time         the author time
 * @param message      the full commit message
 * @param changedPaths paths added, modified or deleted relative to the first parent (all paths for a root commit),
 *                     sorted
 */
public record GitCommit(String sha, List<String> parents, String authorName, String authorEmail, Instant time,
                        String message, List<String> changedPaths) {

    public GitCommit {
        parents = List.copyOf(parents);
        changedPaths = List.copyOf(changedPaths);
    }

    /** The first line of the message. */
    public String subject() {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
