package io.shiplog.gitwriter.git;

import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;

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

    /**
     * An HTTP 401 or 403 as a status on its own, not digits inside a port, a path or a repository name
     * ({@code 127.0.0.1:44013}, {@code team-401}).
     */
    private static final Pattern HTTP_AUTH_STATUS = Pattern.compile("(?<![\\w.:/-])40[13](?![\\w.:/-])");

    private final Reason reason;

    public GitFailure(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /**
     * Classifies a JGit error of {@code what} (e.g. {@code "fetch of config (https://host/repo.git)"}) by its
     * exception and message; {@code explain} gives the error's text without secrets
     * ({@link io.shiplog.git.GitAccess#explain}). The error is not kept as the cause: its messages are not masked.
     */
    static GitFailure of(String what, Exception e, Function<Throwable, String> explain) {
        String text = explain.apply(e);
        String lower = text.toLowerCase(Locale.ROOT);
        Reason reason;
        if (lower.contains("not authorized") || lower.contains("authentication") || lower.contains("auth fail")
                || HTTP_AUTH_STATUS.matcher(lower).find() || lower.contains("unauthorized")
                || lower.contains("forbidden") || lower.contains("permission denied")
                || lower.contains("no more authentication methods") || lower.contains("credentials")) {
            reason = Reason.AUTHENTICATION_FAILED;
        } else if (e instanceof NoRemoteRepositoryException || e instanceof TransportException
                || lower.contains("connection refused") || lower.contains("timed out")
                || lower.contains("unknownhost") || lower.contains("unreachable")) {
            reason = Reason.REMOTE_UNREACHABLE;
        } else {
            reason = Reason.OTHER;
        }
        return new GitFailure(reason, what + " failed: " + text, null);
    }
}
