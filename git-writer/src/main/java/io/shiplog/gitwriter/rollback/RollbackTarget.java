package io.shiplog.gitwriter.rollback;

import java.time.Instant;
import java.util.regex.Pattern;

/** Where a {@code RollbackCluster} goes back to: a commit, the last commit at or before a time, or a release. */
public sealed interface RollbackTarget {

    /** {@code commit 1a2b3c4}, {@code time 2026-12-07T08:00:00Z}, {@code release <id>}, for messages. */
    String describe();

    /** A commit of the branch, by full or abbreviated (at least 7 hex digits) sha. */
    record Commit(String sha) implements RollbackTarget {
        private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,40}");

        public Commit {
            if (sha == null || !SHA.matcher(sha).matches()) {
                throw new IllegalArgumentException("toCommitSha '" + sha + "' is not a commit sha (7 to 40 lower-case"
                        + " hex digits)");
            }
        }

        @Override
        public String describe() {
            return "commit " + sha;
        }
    }

    /** The last commit of the branch committed at or before {@code at}. */
    record Time(Instant at) implements RollbackTarget {
        @Override
        public String describe() {
            return "time " + at;
        }
    }

    /** The commit Shiplog made for a release: its correlation id or the event id of its commit. */
    record Release(String id) implements RollbackTarget {
        public Release {
            if (id == null || id.isBlank() || id.length() > 200 || id.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("toRelease '" + id + "' is not a release id");
            }
        }

        @Override
        public String describe() {
            return "release " + id;
        }
    }
}
