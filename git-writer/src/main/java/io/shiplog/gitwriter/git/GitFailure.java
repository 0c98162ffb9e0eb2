package io.shiplog.gitwriter.git;

/**
 * A fetch or push that did not work, with what kind of problem it was. Messages never hold credentials (URLs lose
 * their user info; configured secrets are masked).
 */
public final class GitFailure extends Exception {

    /** Kinds of failure; names match the Avro {@code CommitFailureReason}. */
    public enum Reason {
        /** The server refused the update (protected branch, hook); retrying will not help. */
        PUSH_REJECTED,
        /** Credentials missing or rejected. */
        AUTHENTICATION_FAILED,
        /** No connection, DNS, timeout, unknown repository. */
        REMOTE_UNREACHABLE,
        /** Anything else. */
        OTHER;

        /** Whether trying again later can succeed. */
        public boolean transientFailure() {
            return this != PUSH_REJECTED;
        }
    }

    private final Reason reason;

    public GitFailure(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
