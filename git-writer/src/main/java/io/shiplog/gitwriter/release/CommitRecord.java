package io.shiplog.gitwriter.release;

import io.shiplog.gitwriter.git.GitFailure;
import io.shiplog.gitwriter.git.NewCommit;
import io.shiplog.schemas.event.EventCause;
import java.util.List;

/** What a commit loop reports on {@code shiplog.commits}, as domain records (converted at the Kafka edge). */
public sealed interface CommitRecord {

    /** Shiplog's own commit, pushed; {@code eventId} is its {@code Shiplog-Commit} trailer. */
    record Committed(String branch, NewCommit commit, List<ChangedValue> changes, List<EventCause> causes,
                     int pushAttempts, String eventId, String correlationId) implements CommitRecord {
    }

    /** Anyone else's commit on the watched branch. */
    /**
     * Anyone else's new commit on the branch.
     *
     * @param identity the ids its {@code CommitObserved} event is published with, so work it causes can name it
     */
    record Observed(NewCommit commit, EventCause identity) implements CommitRecord {

        public Observed(NewCommit commit) {
            this(commit, EventCause.root());
        }
    }

    /** A tag event or release that changed nothing, and why. */
    record Skipped(String repository, String tag, String digest, SkipReason reason, String detail, String path,
                   String policy, EventCause cause) implements CommitRecord {
    }

    /** A commit or push that did not land. */
    record Failed(GitFailureKind reason, String message, int attempts, boolean willRetry,
                  List<ChangedValue> changes, List<EventCause> causes) implements CommitRecord {
    }

    /** Why nothing changed; names match the Avro {@code SkipReason}. */
    enum SkipReason { NOT_SELECTED_BY_POLICY, NOT_NEWER, ALREADY_CURRENT, LOCKED, EXCLUDED_TAG, INVALID_TAG,
        NO_USAGE, SUSPENDED, OTHER, UNKNOWN_DIGEST }

    /** Why a commit failed; names match the Avro {@code CommitFailureReason}. */
    enum GitFailureKind {
        PUSH_REJECTED, AUTHENTICATION_FAILED, REMOTE_UNREACHABLE, CONFLICT, INVALID_MANIFEST, OTHER;

        static GitFailureKind of(GitFailure.Reason reason) {
            return valueOf(reason.name());
        }
    }
}
